import { consumerFilter, durableNameOf } from './consumer-config.js';

describe('consumer naming and filters', () => {
  it('names the durable <consumer>__<STREAM>', () => {
    expect(durableNameOf('campaigns', 'IDENTITY')).toBe('campaigns__IDENTITY');
  });

  it('filters on the single subject handled', () => {
    expect(consumerFilter(['a.evt.x.y.v1'], '2.9.10', 'a.evt.>')).toEqual({ filter_subject: 'a.evt.x.y.v1' });
  });

  it('uses several filters on servers that support them (2.10+)', () => {
    expect(consumerFilter(['a.evt.x.z.v1', 'a.evt.x.y.v1'], '2.10.0', 'a.evt.>')).toEqual({
      filter_subjects: ['a.evt.x.y.v1', 'a.evt.x.z.v1'],
    });
    expect(consumerFilter(['a.evt.x.z.v1', 'a.evt.x.y.v1'], '3.0.1', 'a.evt.>').filter_subjects).toHaveLength(2);
  });

  it('falls back to the whole stream on older or unknown servers', () => {
    expect(consumerFilter(['a.evt.x.z.v1', 'a.evt.x.y.v1'], '2.9.10', 'a.evt.>')).toEqual({ filter_subject: 'a.evt.>' });
    expect(consumerFilter(['a.evt.x.z.v1', 'a.evt.x.y.v1'], undefined, 'a.evt.>')).toEqual({ filter_subject: 'a.evt.>' });
  });
});
