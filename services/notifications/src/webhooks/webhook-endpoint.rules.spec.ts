import { AppError } from '#libs/contracts';
import { afterAttempt, matchesFilter, validateEndpointUrl, validateEventFilter, type EndpointHealth } from './webhook-endpoint.rules.js';

const CATALOG = ['offer.received', 'offer.status_changed', 'message.posted', 'ping'];

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('webhook endpoint rules', () => {
  it('takes http(s) URLs to public hosts', () => {
    expect(validateEndpointUrl('https://hooks.example.com/in?x=1', false)).toBe('https://hooks.example.com/in?x=1');
    expect(validateEndpointUrl('http://93.184.215.14:8080/', false)).toBe('http://93.184.215.14:8080/');
  });

  it.each([
    ['ftp://example.com/', 'http(s)'],
    ['not a url', 'http(s)'],
    ['https://user:pw@example.com/', 'credentials'],
    ['https://example.com/#x', 'fragment'],
    ['http://localhost:3000/', 'localhost'],
    ['http://api.localhost/', 'localhost'],
    ['http://127.0.0.1:9000/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:169.254.169.254]/', 'link-local'],
    ['http://10.0.0.8/', 'private'],
  ])('refuses %s with a 422 naming the field', (url, words) => {
    const err = errorOf(() => validateEndpointUrl(url, false));
    expect(err).toMatchObject({ status: 422, errors: [{ path: 'url' }] });
    expect(err.detail).toContain(words);
  });

  it('lets local targets through with WEBHOOKS_ALLOW_PRIVATE', () => {
    expect(validateEndpointUrl('http://127.0.0.1:9000/hook', true)).toBe('http://127.0.0.1:9000/hook');
  });

  it('matches exact types, prefixes and *', () => {
    expect(matchesFilter(['offer.received'], 'offer.received')).toBe(true);
    expect(matchesFilter(['offer.received'], 'offer.status_changed')).toBe(false);
    expect(matchesFilter(['offer.*'], 'offer.status_changed')).toBe(true);
    expect(matchesFilter(['offer.*'], 'offers.x')).toBe(false);
    expect(matchesFilter(['*'], 'message.posted')).toBe(true);
    expect(matchesFilter([], 'message.posted')).toBe(false);
  });

  it('stores a filter of known types without duplicates and names each unknown entry', () => {
    expect(validateEventFilter(['offer.*', 'message.posted', 'offer.*'], CATALOG)).toEqual(['offer.*', 'message.posted']);
    expect(errorOf(() => validateEventFilter(['offer.received', 'offer.recieved', 'nope.*'], CATALOG))).toMatchObject({
      status: 400,
      errors: [{ path: 'events.1' }, { path: 'events.2' }],
    });
    expect(errorOf(() => validateEventFilter([], CATALOG))).toMatchObject({ status: 400, errors: [{ path: 'events' }] });
  });

  describe('disabling after a run of failures', () => {
    const policy = { afterFailures: 3, afterMs: 60_000 };
    const healthy: EndpointHealth = { consecutiveFailures: 0, failingSince: null, disabledAt: null };
    const t = (ms: number) => new Date(Date.UTC(2026, 11, 1) + ms);

    it('disables once the run is long enough and old enough, exactly once', () => {
      let h = afterAttempt(healthy, false, t(0), policy);
      h = afterAttempt(h, false, t(1_000), policy);
      h = afterAttempt(h, false, t(2_000), policy);
      expect(h).toMatchObject({ consecutiveFailures: 3, disabledAt: null, disabledNow: false });
      h = afterAttempt(h, false, t(60_000), policy);
      expect(h).toMatchObject({ consecutiveFailures: 4, disabledAt: t(60_000), disabledNow: true });
      expect(afterAttempt(h, false, t(70_000), policy)).toMatchObject({ disabledAt: t(60_000), disabledNow: false });
    });

    it('a success ends the run and re-enables the endpoint', () => {
      const disabled: EndpointHealth = { consecutiveFailures: 9, failingSince: t(0), disabledAt: t(1) };
      expect(afterAttempt(disabled, true, t(2), policy)).toEqual({ consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledNow: false });
    });
  });
});
