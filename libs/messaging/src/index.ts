export * from './request/request-client.js';
export * from './request/nest-wire.js';
export * from './messaging-tables.js';
export * from './events/index.js';
export { chunkByJsonSize } from './chunks.js';
