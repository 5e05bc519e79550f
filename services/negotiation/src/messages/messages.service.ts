import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, messageEvents, type Actor, type AuditActor, type Principal } from '#libs/contracts';
import { enqueueEvent } from '#libs/messaging';
import { UnitOfWork } from '#libs/service-defaults';
import { OfferAccess } from '../access/negotiation-access.js';
import { NegotiationAudit } from '../audit/negotiation-audit.js';
import { Message } from './message.entity.js';
import { actorNamer } from '../offers/offer-actors.js';
import type { Offer } from '../offers/offer.entities.js';

const cursorSchema = z.object({ seq: z.number().int().nonnegative() });

/** The thread is ordered by `seq`; a cursor is the last seq seen, opaque to clients. */
function decodeSeqCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).seq;
  } catch {
    throw new AppError('validation', 'Invalid input', 'cursor is not valid', [{ path: 'cursor', message: 'Use nextCursor from a previous page' }]);
  }
}

const encodeSeqCursor = (seq: number) => Buffer.from(JSON.stringify({ seq })).toString('base64url');

const authorOf = (m: Message): Actor => ({ side: m.side, userId: m.authorUserId, onBehalfOf: m.onBehalfOf ?? null, grantId: m.grantId ?? null });

function view(m: Message, actorOf: (author: Actor) => AuditActor) {
  const author = authorOf(m);
  return { id: m.id, offerId: m.offerId, seq: m.seq, author, actor: actorOf(author), body: m.body, createdAt: m.createdAt.toISOString() };
}

/** The messages as the thread shows them, each author with the organization they wrote for. */
async function views(em: EntityManager, offer: Offer, messages: Message[]) {
  const actorOf = await actorNamer(em, offer, messages.map(authorOf));
  return messages.map((m) => view(m, actorOf));
}

/** The negotiation thread between the brand and the creator side of an offer. */
@Injectable()
export class MessagesService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(OfferAccess) private readonly access: OfferAccess,
    @Inject(NegotiationAudit) private readonly audit: NegotiationAudit,
  ) {}

  async list(principal: Principal, req: { offerId: string; limit: number; cursor?: string }) {
    const em = this.uow.reader();
    const { offer } = await this.access.read(em, principal, req.offerId);
    const after = decodeSeqCursor(req.cursor);
    const rows = await em.find(Message, { offerId: req.offerId, seq: { $gt: after } }, { orderBy: { seq: 'asc' }, limit: req.limit + 1 });
    const items = rows.slice(0, req.limit);
    return { items: await views(em, offer, items), nextCursor: rows.length > req.limit ? encodeSeqCursor(items[items.length - 1]!.seq) : null };
  }

  /** The offer's lock orders the thread: each message takes the next seq. */
  post(principal: Principal, req: { offerId: string; body: string }) {
    return this.access.write(principal, req.offerId, 'negotiate', async (em, party) => {
      const now = new Date();
      const last = await em.findOne(Message, { offerId: req.offerId }, { orderBy: { seq: 'desc' }, fields: ['seq'] });
      const message = em.create(Message, {
        id: randomUUID(),
        offerId: req.offerId,
        seq: (last?.seq ?? 0) + 1,
        side: party.side,
        authorUserId: principal.userId,
        onBehalfOf: party.actor.onBehalfOf,
        grantId: party.actor.grantId,
        body: req.body,
        createdAt: now,
      });
      em.persist(message);
      this.audit.record(em, { ...party.audit, offerId: req.offerId, action: 'offer.message-posted', details: { messageId: message.id } }, now);
      const { offer } = party;
      enqueueEvent(em, messageEvents.posted, {
        aggregateId: offer.id,
        aggregateVersion: message.seq,
        payload: { messageId: message.id, offerId: offer.id, campaignId: offer.campaignId, creatorId: offer.creatorId, brandId: offer.brandId, seq: message.seq, actor: party.actor, at: now.toISOString() },
      });
      return (await views(em, party.offer, [message]))[0]!;
    });
  }
}
