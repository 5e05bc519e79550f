import { Campaign, CampaignAuditEntry } from '../campaigns/campaign.entity.js';
import { Offer } from '../offers/offer.entity.js';
import { KnownCreator, RateCardCopy } from '../directory/directory.entities.js';
import { ShareLink } from '../share-links/share-link.entity.js';

export const CAMPAIGNS_ENTITIES = [Campaign, CampaignAuditEntry, Offer, KnownCreator, RateCardCopy, ShareLink] as const;
