export * from './permissions.js';
export * from './principal-token.js';
export * from './credentials.js';
