export * from './money.js';
export * from './deliverables.js';
