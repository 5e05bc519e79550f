import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks 1.0 headers of one attempt. `webhook-id` is the delivery's id, the same
 * on every retry, so a receiver can drop a repeat; `webhook-timestamp` is the attempt's time
 * (receivers refuse stale ones, so each retry is signed afresh); `webhook-signature` holds one
 * `v1,<base64 HMAC-SHA256>` per secret that signs at that time, space-separated, as the
 * standard allows during a rotation.
 */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signedHeaders(webhookId: string, at: Date, body: string, secrets: readonly string[]): WebhookHeaders {
  if (secrets.length === 0) throw new Error('a delivery needs at least one signing secret');
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(webhookId, at, body)).join(' '),
  };
}
