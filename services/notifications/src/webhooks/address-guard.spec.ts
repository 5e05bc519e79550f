import { createServer, type Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { embeddedV4, pinnedLookup, RefusedTargetError, refusalOf, resolveTarget, type Resolve } from './address-guard.js';

const resolvesTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));

describe('address guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique local (includes cloud metadata fd00:ec2::254)'],
    ['fc00::1', 'unique local (includes cloud metadata fd00:ec2::254)'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['::127.0.0.1', 'loopback'],
  ])('refuses %s (%s)', (address, why) => {
    expect(refusalOf(address)).toBe(why);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:0808:0808::1'])('lets the public address %s through', (address) => {
    expect(refusalOf(address)).toBeUndefined();
  });

  it('reads the IPv4 address inside mapped, NAT64 and 6to4 addresses', () => {
    expect(embeddedV4('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(embeddedV4('64:ff9b::a00:1')).toBe('10.0.0.1');
    expect(embeddedV4('2002:0a00:0001:1::5')).toBe('10.0.0.1');
    expect(embeddedV4('2606:4700::1111')).toBeUndefined();
  });

  it('refuses a name when any address it resolves to is internal, and says which', async () => {
    await expect(resolveTarget('hooks.example.com', resolvesTo('93.184.215.14', '10.0.0.5'), false)).rejects.toThrow(
      new RefusedTargetError('hooks.example.com', '10.0.0.5 is a private address'),
    );
    await expect(resolveTarget('[::1]', resolvesTo(), false)).rejects.toThrow('::1 is a loopback address');
    await expect(resolveTarget('nowhere.example', resolvesTo(), false)).rejects.toThrow('resolves to no address');
  });

  it('gives the first address of a public name, and anything with allowPrivate', async () => {
    await expect(resolveTarget('hooks.example.com', resolvesTo('93.184.215.14', '2606:4700::1'), false)).resolves.toEqual({ address: '93.184.215.14', family: 4 });
    await expect(resolveTarget('127.0.0.1', resolvesTo(), true)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
  });

  describe('pinning', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((req, res) => res.end(req.headers.host));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('connects to the checked address whatever the name would resolve to now, keeping the name in Host', async () => {
      // The name does not exist in DNS at all: only the pinned lookup can make this request land.
      const host = await new Promise<string>((resolve, reject) => {
        const req = request({ host: 'rebinding.invalid', port, path: '/', lookup: pinnedLookup({ address: '127.0.0.1', family: 4 }) as never }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
        req.end();
      });
      expect(host).toBe(`rebinding.invalid:${port}`);
    });
  });
});
