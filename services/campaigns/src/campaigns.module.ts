import { Module } from '@nestjs/common';
import { CampaignsService } from './campaigns/campaigns.service.js';
import { CampaignsNatsController } from './campaigns/campaigns.nats.controller.js';
import { OffersService } from './offers/offers.service.js';
import { OffersNatsController } from './offers/offers.nats.controller.js';
import { DealsService } from './deals/deals.service.js';
import { DealsNatsController } from './deals/deals.nats.controller.js';
import { NegotiationEventHandlers } from './offers/negotiation-events.handlers.js';
import { DirectoryEventHandlers } from './directory/directory.handlers.js';

@Module({
  controllers: [CampaignsNatsController, OffersNatsController, DealsNatsController],
  providers: [CampaignsService, OffersService, DealsService, NegotiationEventHandlers, DirectoryEventHandlers],
})
export class CampaignsModule {}
