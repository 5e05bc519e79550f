import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { AppError } from '#libs/contracts';

/**
 * The command a NATS handler is running, when its caller named it with an idempotency key.
 * Set by RpcContractInterceptor; read by UnitOfWork, which records the first transaction's
 * result under the key so a retry returns it instead of running the effect again.
 */
export interface CommandContext {
  key: string;
  subject: string;
  /** '' for an anonymous caller (the gateway scopes those keys by client before forwarding). */
  principalId: string;
  /** Hash of the parsed payload: the same key with another payload is refused. */
  requestHash: string;
  /** Whether a unit of work already took this command (only the first one is deduplicated). */
  claimed: boolean;
}

const storage = new AsyncLocalStorage<CommandContext>();

/** Visible ASCII, as the gateway accepts for `Idempotency-Key`. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!KEY_PATTERN.test(raw)) {
    throw new AppError('validation', 'Invalid idempotency key', 'The idempotency key must be 1-255 visible ASCII characters', [
      { path: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
    ]);
  }
  return raw;
}

export function hashRequest(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload ?? null)).digest('base64url');
}

export function runInCommandContext<T>(command: Omit<CommandContext, 'claimed'>, fn: () => Promise<T>): Promise<T> {
  return storage.run({ ...command, claimed: false }, fn);
}

/** The command context if this is the first unit of work of a keyed command (and marks it taken). */
export function claimCommand(): CommandContext | undefined {
  const command = storage.getStore();
  if (!command || command.claimed) return undefined;
  command.claimed = true;
  return command;
}

/** The idempotency key of the command being handled, for a service that derives ids from it. */
export function currentCommandKey(): string | undefined {
  return storage.getStore()?.key;
}
