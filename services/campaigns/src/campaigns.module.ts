import { Module } from '@nestjs/common';
import { CampaignsService } from './campaigns/campaigns.service.js';
import { CampaignsNatsController } from './campaigns/campaigns.nats.controller.js';
import { OffersService } from './offers/offers.service.js';
import { OffersNatsController } from './offers/offers.nats.controller.js';
import { DealsService } from './deals/deals.service.js';
import { DealsNatsController } from './deals/deals.nats.controller.js';
import { NegotiationEventHandlers } from './offers/negotiation-events.handlers.js';
import { DirectoryEventHandlers } from './directory/directory.handlers.js';
import { ShareLinksService } from './share-links/share-links.service.js';
import { ShareLinksNatsController } from './share-links/share-links.nats.controller.js';

@Module({
  controllers: [CampaignsNatsController, OffersNatsController, DealsNatsController, ShareLinksNatsController],
  providers: [CampaignsService, OffersService, DealsService, ShareLinksService, NegotiationEventHandlers, DirectoryEventHandlers],
})
export class CampaignsModule {}
