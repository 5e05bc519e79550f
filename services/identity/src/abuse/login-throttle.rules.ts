import { isIPv4, isIPv6 } from 'node:net';

/**
 * Where a login attempt comes from, as the limits count it. An IPv6 client usually holds a
 * whole /64 (and can pick any address in it), so IPv6 addresses count per /64; IPv4 and
 * IPv4-mapped IPv6 addresses count per address. No address (a direct NATS caller) is one source.
 */
export function clientSource(ip: string | null): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  const bare = ip.replace(/%.*$/, '');
  if (!isIPv6(bare)) return `other:${ip}`;
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  // A trailing dotted quad stands for the last two groups.
  const groups = (s: string) =>
    part(s).flatMap((g) => (g.includes('.') ? ((o) => [((o[0]! << 8) | o[1]!).toString(16), ((o[2]! << 8) | o[3]!).toString(16)])(g.split('.').map(Number)) : [g]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}

/**
 * How long the answer to a failed login waits, by the number of attempts this account has
 * had from this source in the window: the first two answer at once, then 250 ms doubling up
 * to 2 s. Past the limit the attempt is refused (429) without checking the password, and
 * only from that source, so the owner elsewhere still logs in.
 */
export function loginFailureDelayMs(attempts: number): number {
  if (attempts <= 2) return 0;
  return Math.min(250 * 2 ** (attempts - 3), 2000);
}
