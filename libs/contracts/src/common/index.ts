export * from './time.js';
export * from './money.js';
export * from './deliverables.js';
export * from './locale-codes.js';
export * from './audit-record.js';
