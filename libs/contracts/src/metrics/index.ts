export * from './metrics.schemas.js';
export * from './metrics.contract.js';
