import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent. An organization names any URL it likes, so without this check a
 * webhook would be a way to make the platform call its own network: the database, the bus, a
 * cloud metadata endpoint. The host is resolved first and every address it resolves to must be
 * public; the request is then pinned to the checked address (`pinnedLookup`), so a name that
 * answers differently a moment later (DNS rebinding) cannot swap it for an internal one.
 * Redirects are never followed by the sender, so a public target cannot bounce a request inward.
 */

/** IPv4 ranges no webhook may reach (RFC 6890 special-purpose and private blocks). */
const REFUSED_V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 ranges no webhook may reach; the ones that embed an IPv4 address are judged by it instead (`embeddedV4`). */
const REFUSED_V6: readonly [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard'],
  ['2001::', 32, 'Teredo'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (includes cloud metadata fd00:ec2::254)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function blockList(ranges: readonly [string, number, string][], type: 'ipv4' | 'ipv6'): (address: string) => string | undefined {
  const lists = ranges.map(([net, prefix, why]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, type);
    return { list, why };
  });
  return (address) => lists.find(({ list }) => list.check(address, type))?.why;
}

const refusedV4 = blockList(REFUSED_V4, 'ipv4');
const refusedV6 = blockList(REFUSED_V6, 'ipv6');

/** The 16 bytes of an IPv6 address (`isIP(text) === 6` assumed); a trailing dotted quad is allowed. */
function v6Bytes(text: string): number[] {
  let address = text.split('%')[0]!;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (quad) {
    const [a, b, c, d] = quad[1]!.split('.').map(Number) as [number, number, number, number];
    address = `${address.slice(0, -quad[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').filter((g) => g !== '') : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/**
 * The IPv4 address an IPv6 address stands for, when it is one of the forms that reach an IPv4
 * host: mapped (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4
 * (`2002:AABB:CCDD::/48`). Judging those by the IPv4 rules closes `[::ffff:127.0.0.1]` and kin.
 */
export function embeddedV4(address: string): string | undefined {
  const b = v6Bytes(address);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const quad = (at: number) => b.slice(at, at + 4).join('.');
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return quad(12);
  if (zero(0, 12) && !zero(12, 16) && !(zero(12, 15) && b[15] === 1)) return quad(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return quad(12);
  if (b[0] === 0x20 && b[1] === 0x02) return quad(2);
  return undefined;
}

/** Why `address` (an IP literal) may not receive a webhook, or undefined when it is a public address. */
export function refusalOf(address: string): string | undefined {
  const version = isIP(address);
  if (version === 4) return refusedV4(address);
  if (version !== 6) return 'not an IP address';
  const v4 = embeddedV4(address);
  if (v4 !== undefined) return refusedV4(v4) ?? undefined;
  return refusedV6(address);
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (`dns.promises.lookup(host, { all: true })` in production). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export class RefusedTargetError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`refused target ${host}: ${reason}`);
    this.name = 'RefusedTargetError';
  }
}

/** `new URL(...).hostname` without the brackets of an IPv6 literal. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * The one address a delivery to `hostname` connects to. Every address the name resolves to must
 * be public (a name that also resolves inward is refused, not filtered: it is either a mistake
 * or an attack); the first is used. With `allowPrivate` (local development and tests) any
 * address passes.
 */
export async function resolveTarget(hostname: string, resolve: Resolve, allowPrivate: boolean): Promise<ResolvedAddress> {
  const host = bareHost(hostname);
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal as 4 | 6 }] : await resolve(host);
  if (addresses.length === 0) throw new RefusedTargetError(host, 'the name resolves to no address');
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const why = refusalOf(address);
      if (why) throw new RefusedTargetError(host, `${address} is ${why === 'not an IP address' ? why : `a ${why} address`}`);
    }
  }
  return addresses[0]!;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void;

/**
 * A `lookup` for `http.request` that answers every query with the address already checked, so
 * the connection goes where the guard looked (the URL's host name still travels in `Host` and SNI).
 */
export function pinnedLookup(target: ResolvedAddress) {
  return (_host: string, options: { all?: boolean } | number | undefined, callback: LookupCallback): void => {
    if (typeof options === 'object' && options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}
