export * from './negotiation.schemas.js';
export * from './negotiation.events.js';
