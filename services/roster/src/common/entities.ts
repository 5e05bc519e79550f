import { RosterMembership } from '../roster/membership.entity.js';
import { CreatorProfile } from '../profiles/profile.entity.js';
import { RateCard, RateChange } from '../rates/rate-card.entity.js';

export const ROSTER_ENTITIES = [RosterMembership, CreatorProfile, RateCard, RateChange] as const;
