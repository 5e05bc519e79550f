import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { LOGGER, SERVICE_CONFIG } from '#libs/service-defaults';
import type { Logger } from '#libs/observability';
import type { NotificationsConfig } from '../notifications.config.js';
import type { Mail } from './mail.rules.js';

/** Sends mail over SMTP (`SMTP_URL`); without it, nothing is sent and mail waits in the table. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig, @Inject(LOGGER) logger: Logger) {
    this.transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null;
    if (!this.transport) logger.warn('SMTP_URL is not set: notification mail is kept, not sent');
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  get portalUrl(): string {
    return this.config.PORTAL_URL;
  }

  async send(to: { address: string; name: string }, mail: Mail): Promise<void> {
    if (!this.transport) throw new Error('no SMTP transport');
    await this.transport.sendMail({ from: this.config.MAIL_FROM, to: { address: to.address, name: to.name }, subject: mail.subject, text: mail.text, html: mail.html });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
