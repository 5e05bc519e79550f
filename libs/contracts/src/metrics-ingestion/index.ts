export * from './ingestion.schemas.js';
export * from './ingestion.contract.js';
export * from './ingestion.events.js';
