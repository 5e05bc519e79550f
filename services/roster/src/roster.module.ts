import { Module } from '@nestjs/common';
import { RosterService } from './roster/roster.service.js';
import { RosterNatsController } from './roster/roster.nats.controller.js';
import { IdentityEventHandlers } from './roster/identity-events.handlers.js';
import { ProfilesService } from './profiles/profiles.service.js';
import { ProfilesNatsController } from './profiles/profiles.nats.controller.js';
import { RatesService } from './rates/rates.service.js';
import { RatesNatsController } from './rates/rates.nats.controller.js';

@Module({
  controllers: [RosterNatsController, ProfilesNatsController, RatesNatsController],
  providers: [RosterService, ProfilesService, RatesService, IdentityEventHandlers],
})
export class RosterModule {}
