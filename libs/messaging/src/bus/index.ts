export * from './permissions.js';
export * from './principal-token.js';
export * from './credentials.js';
export { BUCKETS, BUS_REGISTRY, bucketStreamOf, busDurables, busStreams, intakeServices, streamsUsedBy, type BucketDeclaration, type DurableDeclaration } from './topology.js';
export { COMPARED_STREAM_FIELDS, describeStreamDrift, streamConfigDrift, type StreamDrift } from './stream-drift.js';
export { BusTopologyError, provisionBus, verifyBusTopology, verifyStream, type ProvisionReport } from './provision.js';
