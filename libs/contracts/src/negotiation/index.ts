export * from './negotiation.schemas.js';
export * from './negotiation.contract.js';
export * from './negotiation.events.js';
export * from './payments.schemas.js';
export * from './rate-floor.rules.js';
