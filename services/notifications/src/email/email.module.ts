import { Module } from '@nestjs/common';
import { Mailer } from './mailer.js';
import { DigestMailSweeper, InstantMailSweeper } from './mail-delivery.sweeper.js';
import { PreferencesService } from './preferences.service.js';
import { PreferencesNatsController } from './preferences.nats.controller.js';

/** E-mail: each user's preferences per kind, and sending notifications instantly or as digests over SMTP. */
@Module({
  controllers: [PreferencesNatsController],
  providers: [Mailer, InstantMailSweeper, DigestMailSweeper, PreferencesService],
})
export class EmailModule {}
