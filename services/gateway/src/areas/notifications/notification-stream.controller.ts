import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { Authorize } from '../../auth/decorators.js';
import { ownAccount } from '../../auth/common.resources.js';
import { NotificationEventsListener } from './notification-events.listener.js';

/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * The live bell: `text/event-stream` of the caller's new notifications (`event: notification`,
 * `data: {id, kind}`), read by the portal with `fetch` so the access token travels in the
 * Authorization header like on every other route (no ticket, no cookie, nothing in the URL).
 * The stream ends when the token expires; the client reconnects with a fresh one.
 */
@ApiTags('notifications')
@Controller('v1/notifications/stream')
export class NotificationStreamController {
  constructor(@Inject(NotificationEventsListener) private readonly events: NotificationEventsListener) {}

  @Get()
  @Authorize('account:read', ownAccount)
  @ApiOperation({ summary: "Server-sent events: one `notification` event per new notification of the caller (fetch the list for what it says); ends when the access token expires", operationId: 'streamNotifications' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream; `event: ready` first, then `event: notification` with `{id, kind}`' })
  stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const userId = request.principal!.userId;
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...(reply.getHeader('x-request-id') ? { 'x-request-id': String(reply.getHeader('x-request-id')) } : {}),
    });
    const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('ready', {});
    const unsubscribe = this.events.subscribe(userId, (n) => send('notification', { id: n.notificationId, kind: n.kind }));
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const exp = token ? Number(decodeJwt(token).exp ?? 0) * 1000 : 0;
    const expiry = setTimeout(() => raw.end(), Math.max(0, exp - Date.now()));
    raw.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
    });
  }
}
