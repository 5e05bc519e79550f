export * from './request/request-client.js';
export * from './request/nest-wire.js';
export * from './messaging-tables.js';
export * from './events/index.js';
export * from './bus/index.js';
export { chunkBy, chunkByJsonSize, jsonBytes } from './chunks.js';
export { EventFeed, type EventFeedHandlers } from './feeds/event-feed.js';
