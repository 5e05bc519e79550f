import { defineEntity, p } from '@mikro-orm/core';
import { SUBMISSION_STATUSES } from '#libs/contracts';

/** A draft for one deliverable in one round, with its review once there is one. */
export const SubmissionSchema = defineEntity({
  name: 'Submission',
  tableName: 'submissions',
  properties: {
    id: p.uuid().primary(),
    offerId: p.uuid(),
    deliverable: p.text(),
    round: p.integer(),
    url: p.text(),
    caption: p.text(),
    notes: p.text().strictNullable(),
    videoId: p.text().strictNullable(),
    status: p.enum(SUBMISSION_STATUSES),
    submittedByUserId: p.uuid(),
    onBehalfOf: p.uuid().strictNullable(),
    grantId: p.uuid().strictNullable(),
    submittedAt: p.datetime().columnType('timestamptz'),
    /** submittedAt + the contract's review window: when an unreviewed draft is deemed approved. */
    reviewDueAt: p.datetime().columnType('timestamptz'),
    decision: p.text().strictNullable(),
    comments: p.text().strictNullable(),
    deemed: p.boolean(),
    reviewerUserId: p.uuid().strictNullable(),
    reviewedAt: p.datetime().columnType('timestamptz').strictNullable(),
  },
});
export class Submission extends SubmissionSchema.class {}
SubmissionSchema.setClass(Submission);
