export * from './orm.js';
