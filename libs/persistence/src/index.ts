export * from './orm.js';
export { releaseConnectionsOnFailedTransactionCommands } from './transaction-release.js';
