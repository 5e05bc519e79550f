import { clientSource, loginFailureDelayMs } from './login-throttle.rules.js';

describe('login throttling rules', () => {
  it('counts IPv6 clients per /64, whatever the address or spelling inside it', () => {
    const a = clientSource('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(clientSource('2001:0db8:0001:0002::1')).toBe(a);
    expect(clientSource('2001:DB8:1:2::ffff')).toBe(a);
    expect(clientSource('2001:db8:1:3::1')).not.toBe(a);
    expect(clientSource('::1')).toBe('0:0:0:0::/64');
  });

  it('counts IPv4 per address, IPv4-mapped IPv6 as its IPv4 address, and no address as one source', () => {
    expect(clientSource('198.51.100.7')).toBe('198.51.100.7');
    expect(clientSource('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientSource('198.51.100.8')).not.toBe(clientSource('198.51.100.7'));
    expect(clientSource(null)).toBe('unknown');
  });

  it('answers the first failures at once, then slows down progressively up to a cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map(loginFailureDelayMs);
    expect(delays).toEqual([0, 0, 250, 500, 1000, 2000, 2000, 2000]);
  });
});
