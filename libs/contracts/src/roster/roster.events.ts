import { z } from 'zod';
import { defineEvent } from '../contract.js';
import { isoTime } from '../common/time.js';
import { auditRecordSchema } from '../common/audit-record.js';
import { regionCodeSchema } from '../common/locale-codes.js';
import { creatorCategorySchema, rateItemSchema } from './roster.schemas.js';

/**
 * Rate-card changes, published through roster's outbox so other services (campaigns' rate
 * floor) keep their own copy. aggregateId = creatorId, aggregateVersion = the card's version:
 * a consumer keeps the newest version it has seen and ignores older ones.
 */
export const rateEvents = {
  changed: defineEvent({
    consumers: ['campaigns'],
    subject: 'roster.evt.rates.changed.v1',
    description: "A creator's rate card changed; `items` is the whole new card (an empty list: no rates).",
    payload: z.object({
      creatorId: z.uuid(),
      version: z.number().int().positive(),
      items: z.array(rateItemSchema),
      changedAt: isoTime,
      /** The user who wrote it (the creator, or an agency member acting through a grant). */
      changedBy: z.uuid(),
    }),
  }),
} as const;

export type RatesChangedPayload = z.infer<typeof rateEvents.changed.payload>;

/**
 * A creator's marketplace facts after any change to the profile (created at sign-up, the
 * account's handle or name refreshed, or an edit), for services that list or authorize
 * creators for brands (metrics' discovery). aggregateId = creatorId, aggregateVersion = the
 * profile's version after the change: a consumer keeps the newest it has seen.
 */
export const profileEvents = {
  changed: defineEvent({
    consumers: ['metrics'],
    subject: 'roster.evt.profile.changed.v1',
    description: "A creator's profile changed; the payload is the whole of what brands may know of it (not a diff).",
    payload: z.object({
      creatorId: z.uuid(),
      version: z.number().int().positive(),
      handle: z.string(),
      displayName: z.string(),
      /** In the creator's order: the first is the primary category (benchmark cohorts). */
      categories: z.array(creatorCategorySchema),
      regions: z.array(regionCodeSchema),
      marketplaceVisible: z.boolean(),
      changedAt: isoTime,
    }),
  }),
} as const;

export type ProfileChangedPayload = z.infer<typeof profileEvents.changed.payload>;

/**
 * Who manages a creator for an agency, after the agency named them, so services that address
 * a creator's managers (notifications) keep their own copy. aggregateId = the grant the roster
 * entry stands on; memberships carry no version, so a consumer orders one entry's changes by
 * `at` (roster serializes them under the entry's lock).
 */
export const assignmentEvents = {
  changed: defineEvent({
    consumers: ['notifications'],
    subject: 'roster.evt.assignees.changed.v1',
    description: "The agency members who manage a creator changed; `assigneeIds` is the whole new list (empty: nobody in particular).",
    payload: z.object({
      grantId: z.uuid(),
      agencyId: z.uuid(),
      creatorId: z.uuid(),
      assigneeIds: z.array(z.uuid()),
      at: isoTime,
    }),
  }),
} as const;

export type AssigneesChangedPayload = z.infer<typeof assignmentEvents.changed.payload>;

/**
 * Every write roster makes for a creator, for identity's audit log; enqueued in the write's own
 * transaction so the log misses nothing. aggregateId = the creator (or the agency for roster
 * changes), aggregateVersion = 0 (entries are independent; the envelope id dedupes).
 */
export const rosterAuditEvents = {
  recorded: defineEvent({
    consumers: ['identity'],
    subject: 'roster.evt.action.recorded.v1',
    description: "An action roster took on someone's behalf, to be appended to identity's audit log.",
    payload: auditRecordSchema,
  }),
} as const;

/**
 * An agency's commission on a creator (percent and members' shares), each version, so
 * negotiation splits every payment by the version in force when its contract was accepted.
 * aggregateId = the commission (agency × creator), aggregateVersion = its version.
 */
export const commissionEvents = {
  changed: defineEvent({
    consumers: ['negotiation'],
    subject: 'roster.evt.commission.changed.v1',
    description: "An agency set its commission on a roster creator (a new version): `percent` of each payment, shared among members by `splits`.",
    payload: z.object({
      commissionId: z.uuid(),
      agencyId: z.uuid(),
      creatorId: z.uuid(),
      version: z.number().int().positive(),
      percent: z.number().min(0).max(100),
      splits: z.array(z.object({ userId: z.uuid(), percent: z.number().min(0).max(100) })),
      changedAt: isoTime,
      changedBy: z.uuid(),
    }),
  }),
} as const;
export type CommissionChangedPayload = z.infer<typeof commissionEvents.changed.payload>;
