export * from './webhook-events.js';
export * from './webhooks.contract.js';
