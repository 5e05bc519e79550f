import { Inject, Injectable } from '@nestjs/common';
import { authorize, enforce, notFound } from '#libs/authz';
import type { Principal, Profile, RateCard as RateCardDto, RosterCardPart } from '#libs/contracts';
import { UnitOfWork } from '#libs/service-defaults';
import { creatorResource } from '../access/roster-access.js';
import { profileView } from '../profiles/profiles.service.js';
import { cardView } from '../rates/rates.service.js';
import { profileAndGrant } from './creator-card.reader.js';
import { cardReads } from './creator-card.rules.js';

/**
 * The creator card's roster parts in one request and one statement: the profile with the caller's
 * grant (and the rate card when asked for), each part decided on its own permission from them; a
 * part the caller may not see is left out of the answer.
 */
@Injectable()
export class CreatorCardService {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  async get(principal: Principal, creatorId: string, asked: readonly RosterCardPart[]): Promise<{ creatorId: string; profile: Profile | null; rates: RateCardDto | null }> {
    const em = this.uow.reader();
    const { profile, grant, rates: storedRates } = await profileAndGrant(em, principal, creatorId, asked.includes('rates'));
    const resource = creatorResource(principal, creatorId, grant, profile);
    const { parts, refusal } = cardReads(asked, (action) => authorize(principal, action, resource));
    if (refusal) enforce(refusal);
    if (!profile) throw notFound();
    const rates = parts.includes('rates') ? cardView(creatorId, storedRates) : null;
    return { creatorId, profile: parts.includes('profile') ? profileView(profile) : null, rates };
  }
}
