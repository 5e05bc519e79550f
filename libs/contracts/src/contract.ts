import { z } from 'zod';
import { remoteErrorSchema } from './problem.js';
import type { BackendService, ServiceName } from './services.js';

const SUBJECT = /^[a-z][a-z-]*\.[a-z][a-z-]*\.[a-z][a-z-]*\.v\d+$/;
const EVENT_SUBJECT = /^[a-z][a-z-]*\.evt\.[a-z][a-z-]*\.[a-z][a-z-]*\.v\d+$/;
const COMMAND_SUBJECT = /^[a-z][a-z-]*\.cmd\.[a-z][a-z-]*\.v\d+$/;

export interface RequestContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly subject: string;
  readonly service: BackendService;
  readonly version: number;
  readonly request: Req;
  readonly response: Res;
  readonly description: string;
  /** Who may send this request on the bus (NATS permissions and principal signers): the gateway unless stated. */
  readonly callers: readonly ServiceName[];
}

export interface EventContract<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly subject: string;
  readonly service: BackendService;
  /** `<noun>.<past-verb>`: what `type` says in the envelope. */
  readonly type: string;
  readonly version: number;
  readonly payload: P;
  readonly description: string;
  /** Services that read this event from the producer's stream; nobody else gets read access to it. */
  readonly consumers: readonly ServiceName[];
}

/**
 * Work sent to a service through a JetStream stream of its own (`<service>.cmd.<noun>.v<N>`)
 * rather than request/reply: the publisher gets a PubAck once the stream has it, and the
 * service acks the message only after its effects commit.
 */
export interface CommandContract<P extends z.ZodType = z.ZodType> {
  readonly kind: 'command';
  readonly subject: string;
  readonly service: BackendService;
  readonly version: number;
  readonly payload: P;
  readonly description: string;
}

export type RequestOf<C> = C extends RequestContract<infer Req, z.ZodType> ? z.input<Req> : never;
export type ResponseOf<C> = C extends RequestContract<z.ZodType, infer Res> ? z.output<Res> : never;
export type PayloadOf<C> = C extends EventContract<infer P> ? z.output<P> : C extends CommandContract<infer P> ? z.output<P> : never;

function versionOf(subject: string): number {
  return Number(subject.slice(subject.lastIndexOf('.v') + 2));
}

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(def: {
  subject: string;
  description: string;
  request: Req;
  response: Res;
  callers?: readonly ServiceName[];
}): RequestContract<Req, Res> {
  if (!SUBJECT.test(def.subject) || def.subject.includes('.evt.')) {
    throw new Error(`request subject "${def.subject}" must read <service>.<noun>.<verb>.v<N>`);
  }
  return {
    kind: 'request',
    service: def.subject.split('.')[0] as BackendService,
    version: versionOf(def.subject),
    ...def,
    callers: def.callers ?? ['gateway'],
  };
}

export function defineEvent<P extends z.ZodType>(def: {
  subject: string;
  description: string;
  payload: P;
  consumers?: readonly ServiceName[];
}): EventContract<P> {
  if (!EVENT_SUBJECT.test(def.subject)) {
    throw new Error(`event subject "${def.subject}" must read <service>.evt.<noun>.<past-verb>.v<N>`);
  }
  const [service, , noun, verb] = def.subject.split('.');
  return {
    kind: 'event',
    service: service as BackendService,
    type: `${noun}.${verb}`,
    version: versionOf(def.subject),
    ...def,
    consumers: def.consumers ?? [],
  };
}

export function defineCommand<P extends z.ZodType>(def: { subject: string; description: string; payload: P }): CommandContract<P> {
  if (!COMMAND_SUBJECT.test(def.subject)) {
    throw new Error(`command subject "${def.subject}" must read <service>.cmd.<noun>.v<N>`);
  }
  return { kind: 'command', service: def.subject.split('.')[0] as BackendService, version: versionOf(def.subject), ...def };
}

/** Every reply is wrapped so Nest's client never unwraps a bare `response`/`err` key. */
export function replySchema<Res extends z.ZodType>(response: Res) {
  // Built once per response schema: every reply on the hot path is parsed with it, and a fresh
  // zod schema pays its set-up again on each first parse.
  let schema = replySchemas.get(response) as ReturnType<typeof buildReplySchema<Res>> | undefined;
  if (!schema) replySchemas.set(response, (schema = buildReplySchema(response)));
  return schema;
}

const replySchemas = new WeakMap<z.ZodType, z.ZodType>();

function buildReplySchema<Res extends z.ZodType>(response: Res) {
  return z.union([z.object({ data: response }), z.object({ error: remoteErrorSchema })]);
}

export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  producer: z.string(),
  aggregateId: z.string(),
  aggregateVersion: z.number().int().nonnegative(),
  correlationId: z.string().nullable(),
  causationId: z.string().nullable(),
  payload: z.unknown(),
});
export type EventEnvelope<P = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'payload'> & { payload: P };
