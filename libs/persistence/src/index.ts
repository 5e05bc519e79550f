export * from './orm.js';
export * from './cursor.js';
export { releaseConnectionsOnFailedTransactionCommands } from './transaction-release.js';
export { queryBound, queryPrepared } from './bound-query.js';
export { invalidTextError } from './invalid-text.js';
export { containsPattern } from './like.js';
export { copyBinary, BINARY_COPY_TYPES, type BinaryCopyType } from './copy-binary.js';
export { copyIntoStaging, copyRows, copyText, copyValue, stagingColumnList, type StagingColumn } from './copy-rows.js';
export { combineReads, readApart, readTogether, type Read, type Select } from './read-together.js';
