export { createTestDatabase, withPgClient, type TestDatabase } from './database.js';
export { startNatsServer, type NatsServerHandle, type NatsServerOptions } from './nats-server.js';
export { spawnService, type ServiceProcess } from './service-process.js';
export { OtlpReceiver, isAncestor, type ReceivedSpan } from './otlp-receiver.js';
export { bootService, tablesOf, describeServiceFoundation, type ServiceUnderTest } from './service-boot.js';
export { eventually, msUntil, rejectionOf } from './polling.js';
export { seededRandom, seededUuid, syntheticCreator, syntheticShares, type SyntheticCreator, type SyntheticCreatorOptions } from './synthetic-metrics.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { appErrorOf } from './failures.js';
