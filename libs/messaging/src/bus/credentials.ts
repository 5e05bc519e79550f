import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeys, type Authenticator, type ConnectionOptions } from '@nats-io/transport-node';
import type { ServiceName } from '#libs/contracts';
import { BUS_PRINCIPALS, BUS_USERS, busPermissions, inboxPrefixOf, type BusPermissions, type BusUser } from './permissions.js';
import { ed25519FromRawSeed, formatVerifyKeys, generatePrincipalKey, principalPublicKeyOf } from './principal-token.js';

/** Secrets of one deployment: a NATS nkey per bus user and a principal signing key per principal. */
export interface BusCredentials {
  /** NATS user nkey seeds (`SU…`), by bus user (principals and connectors). */
  nkeys: Record<BusUser, string>;
  /** Ed25519 seeds that sign forwarded principals, by principal. */
  signingKeys: Record<ServiceName, string>;
}

/** A new NATS user nkey seed (`SU…`). */
export function createNkeySeed(): string {
  return new TextDecoder().decode(nkeys.createUser().getSeed());
}

/**
 * New credentials for every bus user; `kept` (credentials generated earlier) are reused, so a
 * user added since (a new service, the connectors) gets keys without rotating anyone else's.
 */
export function generateBusCredentials(kept?: Partial<{ nkeys: Partial<Record<string, string>>; signingKeys: Partial<Record<string, string>> }>): BusCredentials {
  return {
    nkeys: Object.fromEntries(BUS_USERS.map((n) => [n, kept?.nkeys?.[n] ?? createNkeySeed()])) as Record<BusUser, string>,
    signingKeys: Object.fromEntries(BUS_PRINCIPALS.map((n) => [n, kept?.signingKeys?.[n] ?? generatePrincipalKey().seed])) as Record<ServiceName, string>,
  };
}

export function nkeyPublicOf(seed: string): string {
  return nkeys.fromSeed(new TextEncoder().encode(seed.trim())).getPublicKey();
}

/** PRINCIPAL_VERIFY_KEYS for every service: which public key belongs to which signer. */
export function verifyKeysOf(creds: BusCredentials): string {
  return formatVerifyKeys(BUS_PRINCIPALS.map((name) => [name, principalPublicKeyOf(creds.signingKeys[name])]));
}

/** The environment one principal needs on top of NATS_URL (the seed inline, for tests and Secrets). */
export function busEnvOf(creds: BusCredentials, name: ServiceName): Record<string, string> {
  return {
    NATS_NKEY_SEED: creds.nkeys[name],
    PRINCIPAL_SIGNING_KEY: creds.signingKeys[name],
    PRINCIPAL_VERIFY_KEYS: verifyKeysOf(creds),
  };
}

export interface ServerConfigOptions {
  port?: number;
  host?: string;
  storeDir?: string;
  /** Monitoring port (`/healthz`), when wanted. */
  httpPort?: number;
  tls?: { certFile: string; keyFile: string };
  /** Extra users with no restriction (test harness administration only). */
  adminNkeys?: readonly string[];
  /** Seconds a client has to authenticate after connecting (server default 2). */
  authTimeoutSeconds?: number;
}

const q = (s: string) => JSON.stringify(s);

function userBlock(nkey: string, perms: BusPermissions | undefined): string {
  if (!perms) return `    { nkey: ${q(nkey)} }`;
  const list = (xs: string[]) => `[${xs.map(q).join(', ')}]`;
  return [
    `    {`,
    `      nkey: ${q(nkey)}`,
    `      permissions: {`,
    `        publish: { allow: ${list(perms.publish)} }`,
    `        subscribe: { allow: ${list(perms.subscribe)} }`,
    ...(perms.allowResponses ? [`        allow_responses: true`] : []),
    `      }`,
    `    }`,
  ].join('\n');
}

/**
 * nats-server configuration: JetStream on, one nkey user per principal with the permissions
 * derived from the contract registry, and no anonymous access (a client without one of these
 * keys is refused at connect).
 */
export function renderServerConfig(creds: BusCredentials, opts: ServerConfigOptions = {}): string {
  const users = [
    ...BUS_USERS.map((name) => userBlock(nkeyPublicOf(creds.nkeys[name]), busPermissions(name))),
    ...(opts.adminNkeys ?? []).map((k) => userBlock(k, undefined)),
  ];
  return [
    '# Generated from the contract registry; do not edit by hand.',
    ...(opts.host ? [`host: ${q(opts.host)}`] : []),
    ...(opts.port !== undefined ? [`port: ${opts.port}`] : []),
    ...(opts.httpPort !== undefined ? [`http_port: ${opts.httpPort}`] : []),
    `jetstream { ${opts.storeDir ? `store_dir: ${q(opts.storeDir)}` : ''} }`,
    ...(opts.tls ? [`tls { cert_file: ${q(opts.tls.certFile)}, key_file: ${q(opts.tls.keyFile)} }`] : []),
    'authorization {',
    `  timeout: ${opts.authTimeoutSeconds ?? 5}`,
    '  users: [',
    users.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/**
 * Answers the server's nonce with the nkey's signature, like the client's own
 * nkeyAuthenticator, but signing natively: the pure-JS signer re-derives the key pair on every
 * (re)connect, slowly enough on a busy event loop to miss the server's authentication timeout.
 */
export function nkeySeedAuthenticator(seed: string): Authenticator {
  const pair = nkeys.fromSeed(new TextEncoder().encode(seed.trim())) as ReturnType<typeof nkeys.fromSeed> & { getRawSeed(): Uint8Array };
  const nkey = pair.getPublicKey();
  const key = ed25519FromRawSeed(pair.getRawSeed());
  return (nonce?: string) => ({ nkey, sig: nonce ? sign(null, Buffer.from(nonce), key).toString('base64') : '' });
}

export interface BusAuthConfig {
  /** The nkey seed itself. */
  NATS_NKEY_SEED?: string;
  /** A file holding the nkey seed (a mounted Secret). */
  NATS_CREDS?: string;
  /** CA bundle that signed the server certificate (tls:// URLs). */
  NATS_CA?: string;
}

/**
 * Connection options every principal uses: its nkey (when configured) and its own inbox
 * prefix, which its permissions require. Without a seed it connects anonymously, which only
 * a server without authorization accepts.
 */
export function busConnectOptions(name: BusUser, config: BusAuthConfig): Partial<ConnectionOptions> {
  const secret = config.NATS_NKEY_SEED ?? (config.NATS_CREDS ? readFileSync(config.NATS_CREDS, 'utf8') : undefined);
  const bytes = secret ? new TextEncoder().encode(secret.trim()) : undefined;
  return {
    inboxPrefix: inboxPrefixOf(name),
    // A decentralized (operator/account) setup hands out .creds files (JWT + seed); a plain seed otherwise.
    ...(bytes ? { authenticator: secret!.includes('NATS USER JWT') ? credsAuthenticator(bytes) : nkeySeedAuthenticator(secret!) } : {}),
    ...(config.NATS_CA ? { tls: { caFile: config.NATS_CA } } : {}),
  };
}
