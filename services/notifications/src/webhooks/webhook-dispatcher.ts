import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { SERVICE_CONFIG, UnitOfWork } from '#libs/service-defaults';
import type { WebhooksConfig } from './webhooks.config.js';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entities.js';
import { claimDueDeliveries, type ClaimedDelivery } from './delivery.store.js';
import { isSuccess, transition, type AttemptOutcome } from './delivery.state-machine.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-schedule.rules.js';
import { afterAttempt, type DisablePolicy } from './webhook-endpoint.rules.js';
import { signingSecrets } from './webhook-secret.rules.js';
import { WebhookSecretVault } from './webhook-secret.vault.js';
import { signedHeaders } from './delivery-signature.js';
import { sendAttempt, type SenderOptions } from './webhook-sender.js';
import { EndpointDisabledNotice } from './endpoint-disabled.notice.js';

/** Deliveries one worker run takes at a time (and sends concurrently). */
export const DISPATCH_BATCH = 20;
/** Bodies are small JSON documents; anything larger is a bug, not a delivery. */
const MAX_REQUEST_BYTES = 256 * 1024;
/** The receiver's answer is not kept; reading stops here. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends due deliveries: claims a batch, signs and sends each (outside any transaction: a slow
 * receiver holds no lock), then records each attempt in its own unit of work (the endpoint's
 * lock first, then the delivery's, the order removal takes too), moving the delivery on through
 * its state machine and the endpoint's failure run, and telling the organization's admins when
 * that run switches the endpoint off.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly retry: RetryPolicy;
  private readonly disable: DisablePolicy;
  private readonly sender: SenderOptions;

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(SERVICE_CONFIG) config: WebhooksConfig,
    @Inject(EndpointDisabledNotice) private readonly disabledNotice: EndpointDisabledNotice,
    @Inject(WebhookSecretVault) private readonly vault: WebhookSecretVault,
  ) {
    this.retry = { ...DEFAULT_RETRY_POLICY, firstDelayMs: config.WEBHOOK_RETRY_FIRST_DELAY_MS };
    this.disable = { afterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES, afterMs: config.WEBHOOK_DISABLE_AFTER_MS };
    this.sender = { allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE, timeoutMs: config.WEBHOOK_TIMEOUT_MS, maxRequestBytes: MAX_REQUEST_BYTES, maxResponseBytes: MAX_RESPONSE_BYTES };
  }

  /** One batch as of `now`; returns how many deliveries it attempted. */
  async dispatchDue(now: Date): Promise<number> {
    // The lease outlives the attempt's timeout, so a live worker always records before anyone may retake it.
    const claimed = await this.uow.run((em) => claimDueDeliveries(em, now, DISPATCH_BATCH, this.sender.timeoutMs + 30_000));
    await Promise.all(claimed.map((d) => this.attempt(d)));
    return claimed.length;
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const at = new Date();
    const headers = signedHeaders(d.id, at, d.body, signingSecrets(this.vault.openSecrets(d), at));
    const outcome = await sendAttempt(d.url, headers, d.body, this.sender);
    await this.record(d, at, outcome, Date.now() - at.getTime());
  }

  private record(claimed: ClaimedDelivery, at: Date, outcome: AttemptOutcome, durationMs: number): Promise<void> {
    return this.uow.run(async (em) => {
      const endpoint = await em.findOne(WebhookEndpoint, { id: claimed.endpointId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const delivery = endpoint && (await em.findOne(WebhookDelivery, { id: claimed.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }));
      // Removed meanwhile, or another worker (a manual retry's) recorded an attempt first.
      if (!endpoint || !delivery || delivery.status !== 'pending' || delivery.attempts !== claimed.attempts) return;
      const now = new Date();
      Object.assign(delivery, transition(delivery, { type: 'attempted', outcome, now, policy: this.retry, random: Math.random }));
      em.create(WebhookAttempt, { id: randomUUID(), deliveryId: delivery.id, at, responseStatus: outcome.status, error: outcome.error, durationMs });
      const { disabledNow, ...health } = afterAttempt(endpoint, isSuccess(outcome), now, this.disable);
      Object.assign(endpoint, health);
      await em.flush();
      if (disabledNow) await this.disabledNotice.send(em, endpoint);
    });
  }
}
