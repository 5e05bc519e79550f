export * from './metrics.schemas.js';
export * from './metrics.contract.js';
export * from './deliverable-video.rules.js';
export * from './roster-figures.contract.js';
