import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { eventEnvelopeSchema, fieldErrors, streamOf, type EventContract, type EventEnvelope, type PayloadOf } from '#libs/contracts';

export interface NewEvent<C extends EventContract> {
  aggregateId: string;
  aggregateVersion: number;
  payload: z.input<C['payload']>;
  correlationId?: string | null;
  causationId?: string | null;
}

/** A producer tried to emit an event its own contract rejects: a bug, never sent. */
export class InvalidEventError extends Error {
  constructor(
    readonly subject: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`event ${subject} does not satisfy its contract: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * Builds the envelope for `contract` from the producer's input. The payload stored is the
 * schema's parse result, so what goes on the wire is exactly what the contract describes.
 */
export function buildEnvelope<C extends EventContract>(
  contract: C,
  event: NewEvent<C>,
  now: Date = new Date(),
  id: string = randomUUID(),
): EventEnvelope<PayloadOf<C>> {
  const payload = contract.payload.safeParse(event.payload);
  if (!payload.success) throw new InvalidEventError(contract.subject, fieldErrors(payload.error, 'payload'));
  const envelope = {
    id,
    type: contract.type,
    version: contract.version,
    occurredAt: now.toISOString(),
    producer: contract.service,
    aggregateId: event.aggregateId,
    aggregateVersion: event.aggregateVersion,
    correlationId: event.correlationId ?? null,
    causationId: event.causationId ?? null,
    payload: payload.data as PayloadOf<C>,
  };
  const checked = eventEnvelopeSchema.safeParse(envelope);
  if (!checked.success) throw new InvalidEventError(contract.subject, fieldErrors(checked.error));
  return envelope;
}

export type DecodedEvent<C extends EventContract> =
  | { ok: true; envelope: EventEnvelope<PayloadOf<C>> }
  | { ok: false; reason: string };

function describe(error: z.ZodError, prefix = ''): string {
  return fieldErrors(error, prefix)
    .map((e) => `${e.path}: ${e.message}`)
    .join('; ');
}

/** Where a JetStream message came from, as the delivery (not the payload) tells it. */
export interface EventOrigin {
  /** The stream it was read from (`msg.info.stream`, set by the server's delivery). */
  stream: string;
  /** The subject it was stored under. */
  subject?: string;
  headers?: { get(key: string): string } | undefined;
}

/**
 * Why a message is not `contract`'s producer's event by its origin, or undefined when it is:
 * it must have been read from the producer's own stream under the contract's subject, and not
 * have entered that stream from another one — JetStream marks a message copied in by `sources`
 * with `Nats-Stream-Source`, and one republished by another stream with `Nats-Stream` naming
 * it. The envelope's `producer` field is the sender's claim and never proves anything.
 */
export function untrustedOrigin(contract: EventContract, origin: EventOrigin): string | undefined {
  const owner = streamOf(contract.service);
  if (origin.stream !== owner) return `${contract.subject} read from stream ${origin.stream}, not its owner's ${owner}`;
  if (origin.subject !== undefined && origin.subject !== contract.subject) return `subject ${origin.subject} is not ${contract.subject}`;
  return copiedFromElsewhere(owner, origin.headers);
}

/**
 * Why a message read from `stream` did not enter it by a publish to the stream itself, or
 * undefined: JetStream marks a copy made by `sources` (`Nats-Stream-Source`) and a message
 * republished by another stream (`Nats-Stream` naming that stream).
 */
export function copiedFromElsewhere(stream: string, headers: EventOrigin['headers']): string | undefined {
  const sourced = headers?.get('Nats-Stream-Source');
  if (sourced) return `copied into ${stream} from stream ${sourced.split(' ')[0]}`;
  const republishedBy = headers?.get('Nats-Stream');
  if (republishedBy && republishedBy !== stream) return `republished into ${stream} by stream ${republishedBy}`;
  return undefined;
}

/**
 * Parses a message body against the envelope schema and `contract`. Never throws: a message a
 * consumer cannot read is a dead letter with a reason, not a crash. Unknown fields are dropped
 * (additive changes within a version must not break older consumers). When `origin` (the
 * stream the message was read from, or the whole delivery) is given, an event that did not come
 * from its owning service's stream is refused too (see untrustedOrigin), as is an envelope whose
 * type or producer disagrees with the subject.
 */
export function decodeEvent<C extends EventContract>(contract: C, data: Uint8Array | string, origin?: string | EventOrigin): DecodedEvent<C> {
  if (origin !== undefined) {
    const untrusted = untrustedOrigin(contract, typeof origin === 'string' ? { stream: origin } : origin);
    if (untrusted) return { ok: false, reason: untrusted };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
  } catch (err) {
    return { ok: false, reason: `body is not JSON: ${(err as Error).message}` };
  }
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `invalid envelope: ${describe(envelope.error)}` };
  if (envelope.data.type !== contract.type || envelope.data.version !== contract.version) {
    return {
      ok: false,
      reason: `envelope says ${envelope.data.type} v${envelope.data.version}, subject ${contract.subject} carries ${contract.type} v${contract.version}`,
    };
  }
  if (envelope.data.producer !== contract.service) {
    return { ok: false, reason: `envelope names producer ${envelope.data.producer}, ${contract.subject} belongs to ${contract.service}` };
  }
  const payload = contract.payload.safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, reason: `invalid payload: ${describe(payload.error, 'payload')}` };
  return { ok: true, envelope: { ...envelope.data, payload: payload.data as PayloadOf<C> } };
}
