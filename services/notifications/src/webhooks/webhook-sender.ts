import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup } from 'node:dns/promises';
import { pinnedLookup, RefusedTargetError, resolveTarget, type Resolve } from './address-guard.js';
import type { AttemptOutcome } from './delivery.state-machine.js';
import type { WebhookHeaders } from './delivery-signature.js';

/**
 * One HTTP attempt of a delivery. The host is resolved and judged first (`address-guard`) and
 * the connection pinned to that address; redirects are not followed (a 3xx is a failure, as
 * Standard Webhooks says); the attempt has `timeoutMs` from resolving the name to the status line; the
 * request body is capped, and at most `maxResponseBytes` of the answer are read before the
 * connection is dropped (only the status is kept).
 */
export interface SenderOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  resolve?: Resolve;
}

export const dnsResolve: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

const USER_AGENT = 'TalentPortal-Webhooks/1.0';

export async function sendAttempt(url: string, headers: WebhookHeaders, body: string, options: SenderOptions): Promise<AttemptOutcome> {
  const size = Buffer.byteLength(body);
  if (size > options.maxRequestBytes) return { status: null, error: `payload of ${size} bytes is over the ${options.maxRequestBytes}-byte cap` };
  const target = new URL(url);
  const signal = AbortSignal.timeout(options.timeoutMs);
  let address;
  try {
    address = await resolveTarget(target.hostname, options.resolve ?? dnsResolve, options.allowPrivate);
  } catch (err) {
    if (err instanceof RefusedTargetError) return { status: null, error: err.message };
    return { status: null, error: `could not resolve ${target.hostname}: ${(err as Error).message}` };
  }
  if (signal.aborted) return { status: null, error: `no answer within ${options.timeoutMs} ms` };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = send(
      target,
      {
        method: 'POST',
        lookup: pinnedLookup(address) as never,
        signal,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(size), 'user-agent': USER_AGENT },
      },
      (res: IncomingMessage) => {
        // The status is the answer; the body is read (to let the connection finish) only up to the cap.
        settle({ status: res.statusCode!, error: null });
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > options.maxResponseBytes) res.destroy();
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', (err: Error) => settle({ status: null, error: signal.aborted ? `no answer within ${options.timeoutMs} ms` : `request failed: ${err.message}` }));
    req.end(body);
  });
}
