export * from './notifications.schemas.js';
export * from './notifications.contract.js';
export * from './notifications.events.js';
export * from './webhook-events.js';
export * from './webhooks.contract.js';
