import { Module } from '@nestjs/common';
import { RosterService } from './roster/roster.service.js';
import { RosterNatsController } from './roster/roster.nats.controller.js';
import { IdentityEventHandlers } from './roster/identity-events.handlers.js';
import { ProfilesService } from './profiles/profiles.service.js';
import { ProfilesNatsController } from './profiles/profiles.nats.controller.js';
import { RatesService } from './rates/rates.service.js';
import { RatesNatsController } from './rates/rates.nats.controller.js';
import { CommissionService } from './commission/commission.service.js';
import { CommissionNatsController } from './commission/commission.nats.controller.js';
import { CreatorCardService } from './card/creator-card.service.js';
import { CreatorCardNatsController } from './card/creator-card.nats.controller.js';

@Module({
  controllers: [RosterNatsController, ProfilesNatsController, RatesNatsController, CommissionNatsController, CreatorCardNatsController],
  providers: [RosterService, ProfilesService, RatesService, CommissionService, CreatorCardService, IdentityEventHandlers],
})
export class RosterModule {}
