import { RosterMembership } from '../roster/membership.entity.js';
import { CreatorProfile } from '../profiles/profile.entity.js';
import { RateCard, RateChange } from '../rates/rate-card.entity.js';
import { Commission, CommissionChange } from '../commission/commission.entities.js';

export const ROSTER_ENTITIES = [RosterMembership, CreatorProfile, RateCard, RateChange, Commission, CommissionChange] as const;
