export * from './roster.schemas.js';
export * from './roster.contract.js';
export * from './roster.events.js';
export * from './composed-views.schemas.js';
export * from './commission.schemas.js';
