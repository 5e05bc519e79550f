import { z } from 'zod';

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
