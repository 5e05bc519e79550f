import { z } from 'zod';
import { defineRequest } from '../contract.js';
import { pageCursor, pageLimit, pageOf } from '../common/page.js';
import { creatorRefSchema } from '../common/refs.js';
import { nameText } from '../common/text.js';
import {
  profileFieldsSchema,
  profileSchema,
  rateCardSchema,
  rateChangeSchema,
  rateItemSchema,
  rosterEntrySchema,
  rosterListRequest,
} from './roster.schemas.js';
import { commissionChangeSchema, commissionSchema, commissionSplitsSchema, percentSchema } from './commission.schemas.js';

/** The parts of the creator card roster answers, each under its own read permission. */
export const ROSTER_CARD_PARTS = ['profile', 'rates'] as const;
const rosterCardPartSchema = z.enum(ROSTER_CARD_PARTS);
export type RosterCardPart = z.infer<typeof rosterCardPartSchema>;

/**
 * Roster's request/reply subjects. Who is asking travels in the `tp-principal` header; roster
 * checks the grant it holds (its projection of identity's grant events) before every answer.
 */
const creatorRef = z.object({ creatorId: z.uuid() }).strict();
const creatorIds = z.array(z.uuid()).min(1).max(200);
/** A picker lists a handful of matches: the person types more to narrow them. */
export const MAX_FOUND_CREATORS = 20;
/** Whose commission: an agency member's is always their own agency's; the creator names one when several hold a grant. */
const commissionRef = creatorRef.extend({ agencyId: z.uuid().optional() }).strict();

export const rosterContracts = {
  entriesList: defineRequest({
    subject: 'roster.entries.list.v1',
    description: "The caller's agency's roster: creators with a grant in force, filtered, sorted and paged.",
    request: rosterListRequest,
    response: pageOf(rosterEntrySchema),
  }),
  entriesIds: defineRequest({
    subject: 'roster.entries.ids.v1',
    description:
      "Every creator id on the caller's agency's roster that matches the filters, in no particular order (for sorting by metrics), and every member " +
      'assigned to any of them (distinct), so their names can be asked for while the creators are ranked.',
    request: rosterListRequest.pick({ assigneeId: true, category: true, q: true }).strict(),
    response: z.object({ creatorIds: z.array(z.uuid()), assigneeIds: z.array(z.uuid()) }),
  }),
  entriesGet: defineRequest({
    subject: 'roster.entries.get.v1',
    description: "Roster entries of the caller's agency for the given creators (unknown ids are left out).",
    request: z.object({ creatorIds }).strict(),
    response: z.object({ items: z.array(rosterEntrySchema) }),
  }),
  assigneesSet: defineRequest({
    subject: 'roster.assignees.set.v1',
    description: 'An agency owner/admin names the members who manage a creator on the roster.',
    request: z.object({ creatorId: z.uuid(), managerIds: z.array(z.uuid()).max(20) }).strict(),
    response: rosterEntrySchema,
  }),
  profileGet: defineRequest({
    subject: 'roster.profiles.get.v1',
    description: "A creator's profile, to the creator, grant holders, and brands when the creator is visible.",
    request: creatorRef,
    response: profileSchema,
  }),
  profileUpdate: defineRequest({
    subject: 'roster.profiles.update.v1',
    description: 'Changes some profile fields; `version`, when given, must be the current one (409 otherwise).',
    request: profileFieldsSchema
      .partial()
      .extend({ creatorId: z.uuid(), version: z.number().int().nonnegative().optional() })
      .strict(),
    response: profileSchema,
  }),
  profilesFind: defineRequest({
    subject: 'roster.profiles.find.v1',
    description:
      'Creators a brand member may address an offer to, by name or handle: marketplace-visible creators whose name or handle ' +
      'contains `q`, and the creator whose handle is exactly `q` (with or without its `@`; a handle is what a creator gives ' +
      'out, as agencies ask for access by it), that one first.',
    request: z.object({ q: nameText({ max: 100 }), limit: z.number().int().min(1).max(MAX_FOUND_CREATORS).default(10) }).strict(),
    response: z.object({ items: z.array(creatorRefSchema) }),
  }),
  visibility: defineRequest({
    subject: 'roster.creators.visibility.v1',
    description: 'Whether each creator is visible to brands in the marketplace (unknown creators: not visible).',
    request: z.object({ creatorIds }).strict(),
    response: z.object({ items: z.array(z.object({ creatorId: z.uuid(), marketplaceVisible: z.boolean() })) }),
  }),
  ratesGet: defineRequest({
    subject: 'roster.rates.get.v1',
    description: "A creator's rate card (version 0 and no items when never written).",
    request: creatorRef,
    response: rateCardSchema,
  }),
  cardGet: defineRequest({
    subject: 'roster.card.get.v1',
    description:
      "The creator card's roster parts in one request: the profile and the rate card, each only when asked for and when its own " +
      'permission (`profile:read`, `rates:read`) allows it, else null (a part not allowed is not read). 404 for unknown creators ' +
      'and callers who may read none of the parts asked for.',
    request: z.object({ creatorId: z.uuid(), parts: z.array(rosterCardPartSchema).min(1).max(ROSTER_CARD_PARTS.length) }).strict(),
    response: z.object({ creatorId: z.uuid(), profile: profileSchema.nullable(), rates: rateCardSchema.nullable() }),
  }),
  ratesBatch: defineRequest({
    subject: 'roster.rates.batch.v1',
    description: "Rate cards of those of the given creators who are on the caller's agency's roster (others are left out), for exports that read a page at a time.",
    request: z.object({ creatorIds }).strict(),
    response: z.object({ items: z.array(rateCardSchema) }),
  }),
  ratesPut: defineRequest({
    subject: 'roster.rates.put.v1',
    description: 'Replaces the rate card; `version` (required) must be the one it replaces (0 for the first), else 409.',
    request: z
      // Optional in the shape so HTTP may name it in `If-Match` instead; roster refuses a write without one.
      .object({ creatorId: z.uuid(), items: z.array(rateItemSchema).max(20), version: z.number().int().nonnegative().optional() })
      .strict(),
    response: rateCardSchema,
  }),
  ratesHistory: defineRequest({
    subject: 'roster.rates.history.v1',
    description: 'Every change of a rate card, newest first: who, when, old → new.',
    request: z.object({ creatorId: z.uuid(), limit: pageLimit, cursor: pageCursor.optional() }).strict(),
    response: pageOf(rateChangeSchema),
  }),
  commissionGet: defineRequest({
    subject: 'roster.commission.get.v1',
    description: "An agency's commission on a roster creator and its split among members (version 0, percent 0 when never set): the agency's members and the creator.",
    request: commissionRef,
    response: commissionSchema,
  }),
  commissionPut: defineRequest({
    subject: 'roster.commission.put.v1',
    description: "The agency's owner/admin sets its commission on a roster creator; `version` (required) must be the one it replaces (0 for the first), else 409.",
    request: z
      // Optional in the shape so HTTP may name it in `If-Match` instead; roster refuses a write without one.
      .object({ creatorId: z.uuid(), percent: percentSchema, splits: commissionSplitsSchema, version: z.number().int().nonnegative().optional() })
      .strict(),
    response: commissionSchema,
  }),
  commissionHistory: defineRequest({
    subject: 'roster.commission.history.v1',
    description: 'Every version of an agency\'s commission on a creator, newest first: who, when, percent and splits.',
    request: commissionRef.extend({ limit: pageLimit, cursor: pageCursor.optional() }).strict(),
    response: pageOf(commissionChangeSchema),
  }),
} as const;
