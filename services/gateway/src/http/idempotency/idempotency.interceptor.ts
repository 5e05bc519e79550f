import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, type Observable } from 'rxjs';
import { AppError } from '#libs/contracts';
import { fingerprint, IDEMPOTENCY_KEY, open, recordKey, recordSecret, seal } from './request-fingerprint.js';
import { IdempotencyStore, type StoredResult } from './idempotency-store.js';
import { clientAddress } from '../../auth/request-context.js';
import { SERVICE_CONFIG } from '#libs/service-defaults';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who the caller is, as set by authentication; public routes fall back to the client address,
 * found the same way as for rate limits (trusted proxy hops only).
 */
export function callerScope(request: FastifyRequest, trustedProxyHops: number): string {
  const r = request as FastifyRequest & { principal?: { userId: string }; apiKeyId?: string };
  return r.principal?.userId ?? (r.apiKeyId ? `api-key:${r.apiKeyId}` : `anonymous:${clientAddress(request, trustedProxyHops) ?? 'unknown'}`);
}

/**
 * `Idempotency-Key` on any write: the first result is stored against the key, the caller
 * and a hash of the request, and replayed on retry; the same key with a different request
 * is refused with 422, and a retry while the first attempt still runs gets 409. Every write
 * names its command to the services (`request.idempotencyKey`, sent as `tp-idempotency-key`):
 * the client's key, or the request id, scoped to the caller either way.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(SERVICE_CONFIG) private readonly config: { AUTH_TRUSTED_PROXY_HOPS?: number },
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    if (!WRITES.has(request.method)) return next.handle();
    const scope = callerScope(request, this.config.AUTH_TRUSTED_PROXY_HOPS ?? 0);
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      request.idempotencyKey = recordKey(scope, `request-id:${request.requestId}`);
      return next.handle();
    }
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
      throw new AppError('validation', 'Invalid Idempotency-Key', 'Use 1 to 255 visible ASCII characters', [
        { path: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
      ]);
    }
    const key = recordKey(scope, header);
    request.idempotencyKey = key;
    const secret = recordSecret(scope, header);
    const requestHash = fingerprint(secret, request.method, request.url.split('?')[0]!, request.body);
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, ctx.getHandler()) as number | undefined) ?? (request.method === 'POST' ? 201 : 200);

    return from(
      (async () => {
        const existing = await this.store.claim(key, requestHash);
        if (existing) {
          if (existing.requestHash !== requestHash) {
            throw new AppError('unprocessable', 'Idempotency-Key reused', 'This key was already used for a different request');
          }
          if (existing.state === 'pending') {
            throw new AppError('conflict', 'Request in progress', 'The first request with this Idempotency-Key has not finished yet');
          }
          const first = open<StoredResult>(secret, existing.sealed);
          reply.code(first.status).header('idempotent-replayed', 'true');
          if (first.location) reply.header('location', first.location);
          return first.body;
        }
        try {
          const body = await new Promise<unknown>((resolve, reject) => next.handle().subscribe({ next: resolve, error: reject, complete: () => resolve(undefined) }));
          const location = reply.getHeader('location');
          const result: StoredResult = { status: reply.statusCode !== 200 ? reply.statusCode : status, body, ...(typeof location === 'string' ? { location } : {}) };
          await this.store.complete(key, requestHash, seal(secret, result));
          return body;
        } catch (err) {
          await this.store.release(key);
          throw err;
        }
      })(),
    );
  }
}
