import { Campaign } from '../campaigns/campaign.entity.js';
import { Offer } from '../offers/offer.entity.js';
import { GrantCopy } from '#libs/service-defaults';
import { KnownCreator, RateCardCopy } from '../directory/directory.entities.js';

export const CAMPAIGNS_ENTITIES = [Campaign, Offer, KnownCreator, RateCardCopy, GrantCopy] as const;
