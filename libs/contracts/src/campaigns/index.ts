export * from './campaigns.schemas.js';
export * from './campaigns.contract.js';
export * from './campaigns.events.js';
export * from './offer-tabs.js';
export * from './deals.js';
export * from './campaign-performance.js';
export * from './share-links.js';
