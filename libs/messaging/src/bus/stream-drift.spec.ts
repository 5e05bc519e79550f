import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { deadLetterStreamSpec, eventStreamSpec } from '../events/streams.js';
import { bucketStreamSpec } from './topology.js';
import { describeStreamDrift, streamConfigDrift } from './stream-drift.js';

const expected = eventStreamSpec('roster', { maxAgeMs: 3_600_000 });
/** The stream as nats-server reports it after creating `expected`: defaults filled in. */
const asServerReports = {
  ...expected,
  max_consumers: -1,
  max_msgs: -1,
  max_bytes: -1,
  max_msg_size: -1,
  max_msgs_per_subject: -1,
  sealed: false,
  deny_delete: false,
  deny_purge: false,
  allow_rollup_hdrs: false,
  allow_direct: false,
  mirror_direct: false,
  sources: undefined,
};

describe('streamConfigDrift', () => {
  it('finds nothing when the server reports the registry configuration with its defaults', () => {
    expect(streamConfigDrift(expected, asServerReports)).toEqual([]);
    // Operations may move replicas and storage; that is not drift.
    expect(streamConfigDrift(expected, { ...asServerReports, num_replicas: 3, storage: StorageType.Memory })).toEqual([]);
  });

  it.each([
    ['a captured subject', { subjects: ['roster.evt.>', 'identity.auth.login.v1'] }, 'subjects'],
    ['sources', { sources: [{ name: 'IDENTITY' }] }, 'sources'],
    ['a mirror', { mirror: { name: 'IDENTITY' } }, 'mirror'],
    ['a republish', { republish: { src: '>', dest: 'identity.evt.grant.activated.v1' } }, 'republish'],
    ['a seal', { sealed: true }, 'sealed'],
    ['work-queue retention', { retention: RetentionPolicy.Workqueue }, 'retention'],
    ['discard new', { discard: DiscardPolicy.New }, 'discard'],
    ['a message cap', { max_msgs: 10 }, 'max_msgs'],
    ['a byte cap', { max_bytes: 1024 }, 'max_bytes'],
    ['a shorter age', { max_age: 1_000_000_000 }, 'max_age'],
    ['a message size cap', { max_msg_size: 10 }, 'max_msg_size'],
    ['deny delete', { deny_delete: true }, 'deny_delete'],
    ['deny purge', { deny_purge: true }, 'deny_purge'],
    ['rollups', { allow_rollup_hdrs: true }, 'allow_rollup_hdrs'],
  ])('names %s with both values', (_what, change, field) => {
    const drift = streamConfigDrift(expected, { ...asServerReports, ...change });
    expect(drift.map((d) => d.field)).toEqual([field]);
    expect(drift[0]!.actual).not.toEqual(drift[0]!.expected);
  });

  it('compares subjects as a set and reads a message that names field, found and expected values', () => {
    const spec = { ...expected, subjects: ['b.>', 'a.>'] };
    expect(streamConfigDrift(spec, { ...asServerReports, subjects: ['a.>', 'b.>'] })).toEqual([]);
    const drift = streamConfigDrift(expected, { ...asServerReports, subjects: ['roster.evt.>', 'identity.auth.login.v1'], sealed: true });
    expect(describeStreamDrift('ROSTER', drift)).toBe(
      'stream ROSTER is not configured as the registry says: subjects is ["identity.auth.login.v1","roster.evt.>"], the registry says ["roster.evt.>"]; sealed is true, the registry says false',
    );
  });

  it('holds the dead-letter stream and buckets to their own limits', () => {
    const dlq = deadLetterStreamSpec({ maxAgeMs: 1000 });
    expect(streamConfigDrift(dlq, { ...dlq, max_msgs: 5, discard: DiscardPolicy.New }).map((d) => d.field)).toEqual(['discard', 'max_msgs']);
    const kv = bucketStreamSpec({ bucket: 'b', owner: 'gateway', ttlMs: 60_000, history: 1 });
    expect(streamConfigDrift(kv, { ...kv, max_msgs_per_subject: 5, sources: [{ name: 'KV_other' }] }).map((d) => d.field)).toEqual(['sources', 'max_msgs_per_subject']);
  });
});
