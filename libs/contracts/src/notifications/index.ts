export * from './notifications.schemas.js';
export * from './notifications.contract.js';
export * from './notifications.events.js';
