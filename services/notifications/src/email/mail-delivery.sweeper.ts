import { Inject, Injectable } from '@nestjs/common';
import { drainInBatches, LOGGER, PeriodicTask, SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NotificationsConfig } from '../notifications.config.js';
import { Mailer } from './mailer.js';
import { digestMail, instantMail, invitationMail } from './mail.rules.js';
import { markInvitationMailsSent, waitingInvitationMails } from './invitation-mail.store.js';
import { digestRecipients, markSent, markWithheld, waitingDigest, waitingInstant } from './outgoing-mail.store.js';
import { stillReadable } from '../inbox/visibility.js';

const BATCH = 20;

/**
 * Sends instant mail as it waits, and invitations to addresses without an account. A row is marked sent in the transaction that locked it, after
 * the SMTP server took the mail; a crash between the two sends that mail again (at least once).
 * A mail the server refuses stays waiting and is retried next time; the rest go on.
 */
@Injectable()
export class InstantMailSweeper extends PeriodicTask {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(SERVICE_CONFIG) config: NotificationsConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super('instant mail', config.MAIL_SEND_MS, (active) => drainInBatches(() => this.step(), BATCH, active).then(() => undefined), log);
  }

  sendWaiting(): Promise<number> {
    return drainInBatches(() => this.step(), BATCH, () => true);
  }

  private step(): Promise<number> {
    if (!this.mailer.enabled) return Promise.resolve(0);
    return this.uow.run(async (em) => {
      const waiting = await waitingInstant(em, BATCH);
      const sent: string[] = [];
      for (const m of waiting) {
        try {
          await this.mailer.send({ address: m.to, name: m.name }, instantMail(m, { portalUrl: this.mailer.portalUrl, unsubscribeToken: m.unsubscribeToken }));
          sent.push(m.id);
        } catch (err) {
          this.log.warn({ err, notificationId: m.id }, 'mail not taken by the SMTP server; retried later');
        }
      }
      await markSent(em, sent, new Date());
      const invitations = await waitingInvitationMails(em, new Date(), BATCH);
      const invited: string[] = [];
      for (const i of invitations) {
        try {
          await this.mailer.send({ address: i.email, name: '' }, invitationMail(i, this.mailer.portalUrl));
          invited.push(i.invitationId);
        } catch (err) {
          this.log.warn({ err, invitationId: i.invitationId }, 'invitation mail not taken by the SMTP server; retried later');
        }
      }
      await markInvitationMailsSent(em, invited, new Date());
      return Math.max(waiting.length, invitations.length);
    });
  }
}

/** Sends each user with digest items waiting one mail holding all of them, of what they may still read. */
@Injectable()
export class DigestMailSweeper extends PeriodicTask {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(SERVICE_CONFIG) config: NotificationsConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super('digest mail', config.DIGEST_MS, () => this.sendDigests(new Date()).then(() => undefined), logger);
  }

  /** One digest per user for what waited until `now`; returns how many mails went out. */
  async sendDigests(now: Date): Promise<number> {
    if (!this.mailer.enabled) return 0;
    let mails = 0;
    for (const userId of await this.uow.run((em) => digestRecipients(em, now, 1000))) {
      mails += await this.uow.run(async (em) => {
        const waiting = await waitingDigest(em, userId, now);
        const readable = await stillReadable(em, userId, waiting.map((i) => i.id), now);
        await markWithheld(em, waiting.filter((i) => !readable.has(i.id)).map((i) => i.id));
        const items = waiting.filter((i) => readable.has(i.id));
        if (items.length === 0) return 0;
        const first = items[0]!;
        await this.mailer.send({ address: first.to, name: first.name }, digestMail(items, { portalUrl: this.mailer.portalUrl, unsubscribeToken: first.unsubscribeToken }));
        await markSent(em, items.map((i) => i.id), now);
        return 1;
      });
    }
    return mails;
  }
}
