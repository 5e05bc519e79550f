import type { ConnectionOptions } from '@nats-io/transport-node';
import type { ServiceName } from '#libs/contracts';
import { busConnectOptions, parseVerifyKeys, PrincipalSigner, PrincipalVerifier, type BusAuthConfig } from '#libs/messaging';
import type { Logger } from '#libs/observability';

export interface BusSecurityConfig extends BusAuthConfig {
  PRINCIPAL_SIGNING_KEY?: string;
  PRINCIPAL_VERIFY_KEYS?: string;
}

export interface BusSecurity {
  /** Credentials and inbox prefix for every NATS connection this process opens. */
  connectOptions: Partial<ConnectionOptions>;
  /** Signs principals this process forwards (absent: it cannot forward one). */
  signer?: PrincipalSigner;
  /** Checks principals on incoming requests (empty: every principal is refused). */
  verifier: PrincipalVerifier;
}

/** One reading of the bus credentials and principal keys, shared by every connection of a process. */
export function busSecurity(name: ServiceName, config: BusSecurityConfig, logger: Logger): BusSecurity {
  const connectOptions = busConnectOptions(name, config);
  if (!connectOptions.authenticator) logger.warn('no NATS_NKEY_SEED or NATS_CREDS: connecting to NATS without credentials');
  const verifier = new PrincipalVerifier(parseVerifyKeys(config.PRINCIPAL_VERIFY_KEYS));
  if (name !== 'gateway' && verifier.size === 0) logger.warn('no PRINCIPAL_VERIFY_KEYS: every request that carries a principal will be refused');
  if (name === 'gateway' && !config.PRINCIPAL_SIGNING_KEY) logger.warn('no PRINCIPAL_SIGNING_KEY: the gateway cannot forward any authenticated request');
  return {
    connectOptions,
    signer: config.PRINCIPAL_SIGNING_KEY ? new PrincipalSigner(config.PRINCIPAL_SIGNING_KEY) : undefined,
    verifier,
  };
}
