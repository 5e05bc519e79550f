export * from './identity.schemas.js';
export * from './identity.contract.js';
export * from './identity.events.js';
export * from './api-keys.contract.js';
export * from './credentials.js';
