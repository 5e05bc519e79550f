import { Campaign } from '../campaigns/campaign.entity.js';
import { Offer } from '../offers/offer.entity.js';
import { KnownCreator, RateCardCopy } from '../directory/directory.entities.js';

export const CAMPAIGNS_ENTITIES = [Campaign, Offer, KnownCreator, RateCardCopy] as const;
