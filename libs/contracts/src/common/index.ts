export * from './time.js';
export * from './money.js';
export * from './deliverables.js';
export * from './locale-codes.js';
export * from './audit-record.js';
export * from './audit-actions.js';
export * from './money-format.js';
export * from './refs.js';
