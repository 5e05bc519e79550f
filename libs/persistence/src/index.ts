export * from './orm.js';
export * from './cursor.js';
