import { z } from 'zod';
import { defineEvent } from '../contract.js';
import type { BackendService } from '../services.js';

/**
 * An action a service took (for a creator, an organization or a user) that belongs in
 * identity's audit log. Services publish it as an event from their outbox, in the transaction
 * of the write itself, and identity appends it exactly once: nothing is lost when a process
 * dies between the write and the log.
 */
export const auditRecordSchema = z.object({
  /** e.g. `rates.updated`, `profile.updated`, `roster.assigned`. */
  action: z.string().min(1).max(100),
  actor: z.object({ userId: z.uuid(), orgId: z.uuid().nullable() }),
  /** The organization the action concerns (the acting agency), if any. */
  orgId: z.uuid().nullable(),
  /** The creator on whose behalf the action was taken, if any. */
  onBehalfOf: z.uuid().nullable(),
  /** The delegation grant the actor used, if any. */
  grantId: z.uuid().nullable(),
  target: z.object({ type: z.string().min(1).max(50), id: z.string().min(1).max(200) }),
  traceId: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  details: z.record(z.string(), z.unknown()),
  at: z.iso.datetime({ offset: true }),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/**
 * Who acted, the same shape from every service and in every view that says who did something
 * (audit entries, messages, terms versions, rate history): the person and the organization they
 * acted for. `userId` is null when the clock or another service acted (a deemed approval).
 * Services fill in the ids; the names come from identity, which owns them (its audit log names
 * its own entries, the gateway names the rest through `identity.names.resolve.v1`), and stay
 * null where identity could not be asked.
 */
export const auditActorSchema = z.object({
  userId: z.uuid().nullable(),
  name: z.string().max(200).nullable(),
  organization: z.object({ id: z.uuid(), name: z.string().max(200).nullable(), kind: z.enum(['agency', 'brand']) }).nullable(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/**
 * Version 2 of an action recorded for identity's audit log, one shape for every service that
 * acts for a creator. The acting organization lives in `actor.organization` (version 1 kept
 * it twice, as `actor.orgId` and `orgId`, with `actor.userId` nullable in some services only).
 */
export const auditRecordV2Schema = auditRecordSchema.omit({ orgId: true }).extend({ actor: auditActorSchema });
export type AuditRecordV2 = z.infer<typeof auditRecordV2Schema>;

/** `<service>.evt.action.recorded.v2`: each service publishes on its own stream, one payload for all. */
function actionRecorded(service: BackendService) {
  return defineEvent({
    consumers: ['identity'],
    subject: `${service}.evt.action.recorded.v2`,
    description: `An action ${service} took for a creator (or an agency), to be appended to identity's audit log.`,
    payload: auditRecordV2Schema,
  });
}

/**
 * The audit event of every service that acts for a creator, by service; a new such service adds
 * itself here and records with `recordForCreator` (`#libs/service-defaults`). aggregateId = the
 * creator (or the organization acted on), aggregateVersion = 0: entries are independent, the
 * envelope id dedupes.
 */
export const auditEvents = {
  roster: actionRecorded('roster'),
  negotiation: actionRecorded('negotiation'),
  notifications: actionRecorded('notifications'),
} as const;
export type AuditingService = keyof typeof auditEvents;
