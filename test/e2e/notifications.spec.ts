import { eventually } from '#libs/testing';
import { DigestMailSweeper } from '../../services/notifications/src/email/mail-delivery.sweeper.js';
import { gatewayClient, type GatewayClient } from './support/http.js';
import { startMailCatcher, type CaughtMail } from './support/mail-catcher.js';
import { useStack } from './support/stack.js';
import { approveGrant, bearer, expectStatus, join, requestGrant, ROOMY_LIMITS, signup, type Actor } from './security/support.js';
import { campaignBody, offerBody } from './security/route-matrix.js';

interface Inbox {
  items: { id: string; kind: string; title: string; body: string; link: string; readAt: string | null }[];
  unreadCount: number;
  nextCursor: string | null;
}

/**
 * Notifications through the whole platform: who hears of an offer, that nobody hears twice,
 * that a revoked agency stops hearing and can no longer read, that another tenant never sees
 * any, the live stream, and the mail (a private SMTP catcher stands in for the relay).
 */
const catcher = await startMailCatcher();
afterAll(() => catcher.stop());

describe('notifications', () => {
  const stack = useStack({ env: { ...ROOMY_LIMITS, SMTP_URL: catcher.url, MAIL_SEND_MS: '200', DIGEST_MS: '86400000' } });
  let api: GatewayClient;
  let owner: Actor, assigned: Actor, unassigned: Actor, creator: Actor, brand: Actor, otherAgency: Actor, otherCreator: Actor;
  let grantId: string;

  const inbox = async (actor: Actor, query = '') => expectStatus(await api.get<Inbox>(`/v1/notifications${query}`, { headers: bearer(actor) }), 200).body;
  const kinds = async (actor: Actor) => (await inbox(actor)).items.map((i) => i.kind);
  const mailsTo = (actor: Actor) => catcher.mails.filter((m: CaughtMail) => m.to.includes(actor.user.email));
  /** One offer per campaign: a new campaign each time. */
  const sendOffer = async () => {
    const campaign = expectStatus(await api.post<{ id: string }>('/v1/campaigns', { headers: bearer(brand), json: campaignBody() }), 201, 'campaign').body;
    return eventually(async () => {
      const r = await api.post<{ id: string }>(`/v1/campaigns/${campaign.id}/offers`, { headers: bearer(brand), json: offerBody(creator.user.id) });
      return r.status === 201 ? r.body : undefined;
    });
  };

  beforeAll(async () => {
    api = gatewayClient(stack().gatewayUrl());
    owner = await signup(api, 'manager', { org: 'Northstar' });
    assigned = await join(api, owner, await signup(api, 'manager'), 'manager');
    unassigned = await join(api, owner, await signup(api, 'manager'), 'manager');
    creator = await signup(api, 'creator');
    brand = await signup(api, 'brand', { org: 'Acme' });
    otherAgency = await signup(api, 'manager', { org: 'Elsewhere' });
    otherCreator = await signup(api, 'creator');
    grantId = (await approveGrant(api, creator, (await requestGrant(api, owner, creator, ['campaigns:read', 'offers:negotiate'])).id)).id;
    await eventually(async () => (await api.get<{ items: unknown[] }>('/v1/roster', { headers: bearer(owner) })).body.items?.length === 1, 15_000);
    expectStatus(await api.request('PUT', `/v1/roster/${creator.user.id}/assignees`, { headers: bearer(owner), json: { managerIds: [assigned.user.id] } }), 200, 'assign');
  }, 180_000);

  it('tells the creator and the assigned manager of a new offer, once each, and nobody else', async () => {
    const offer = await sendOffer();
    await eventually(async () => (await kinds(creator)).includes('offer.received') && (await kinds(assigned)).includes('offer.received'), 15_000);
    const mine = (await inbox(creator)).items.find((i) => i.kind === 'offer.received')!;
    expect(mine).toMatchObject({ title: 'New offer from Acme', link: `/offers/${offer.id}`, readAt: null });
    // The creator asked for access: the creator was told; the request's author was not.
    expect(await kinds(creator)).toContain('grant.requested');
    expect(await kinds(owner)).not.toContain('offer.received'); // someone is assigned: only they hear
    expect(await kinds(unassigned)).not.toContain('offer.received');
    expect(await kinds(brand)).not.toContain('offer.received'); // the brand sent it
    for (const outsider of [otherAgency, otherCreator]) expect((await inbox(outsider)).items).toEqual([]);

    // One mail each for the creator and the assigned manager: plain text and HTML, a link in, a way out.
    const offerMails = (actor: Actor) => mailsTo(actor).filter((m) => m.subject === 'New offer from Acme');
    await eventually(async () => offerMails(creator).length === 1 && offerMails(assigned).length === 1, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect([offerMails(creator).length, offerMails(assigned).length]).toEqual([1, 1]);
    const mail = offerMails(creator)[0]!;
    expect(mail.text).toContain(`/offers/${offer.id}`);
    expect(mail.html).toContain(`/offers/${offer.id}`);
    expect(mail.text).toMatch(/\/unsubscribe\?token=[\w-]+&kind=offer.received/);
    expect(offerMails(unassigned)).toEqual([]);
    // Joining by invitation was announced to the invitee too (in-app and by mail).
    expect(await kinds(unassigned)).toContain('invitation.received');
    expect(mailsTo(unassigned).map((m) => m.subject)).toEqual(['Invitation to join Northstar']);
  });

  it('marks read, one or all, and counts what is left', async () => {
    const before = await inbox(creator, '?unread=true');
    expect(before.unreadCount).toBeGreaterThanOrEqual(2);
    const read = expectStatus(await api.post<{ unreadCount: number }>('/v1/notifications/read', { headers: bearer(creator), json: { ids: [before.items[0]!.id] } }), 200).body;
    expect(read.unreadCount).toBe(before.unreadCount - 1);
    // Another user's ids change nothing of theirs.
    expectStatus(await api.post('/v1/notifications/read', { headers: bearer(otherCreator), json: { all: true } }), 200);
    expect((await inbox(creator)).unreadCount).toBe(before.unreadCount - 1);
    expect(expectStatus(await api.post<{ unreadCount: number }>('/v1/notifications/read', { headers: bearer(creator), json: { all: true } }), 200).body.unreadCount).toBe(0);
    expectStatus(await api.post('/v1/notifications/read', { headers: bearer(creator), json: { ids: [before.items[0]!.id], all: true } }), 400);
  });

  it('pushes a counter to the other side within 2 s on its live stream, and nothing to anyone else', async () => {
    const offer = await sendOffer();
    await eventually(async () => (await inbox(creator)).items.some((i) => i.link === `/offers/${offer.id}`), 15_000);
    const open = async (actor: Actor) => {
      const controller = new AbortController();
      const res = await fetch(`${stack().gatewayUrl()}/v1/notifications/stream`, { headers: bearer(actor), signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events: { event: string; data: unknown; at: number }[] = [];
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event) events.push({ event, data: data ? JSON.parse(data) : null, at: performance.now() });
          }
        }
      })();
      await eventually(async () => events.some((e) => e.event === 'ready'), 5_000);
      return { events, close: () => controller.abort() };
    };
    const [brandStream, otherStream] = await Promise.all([open(brand), open(otherAgency)]);
    // The creator counters: the brand is told, live.
    const terms = expectStatus(await api.get<{ currentTerms: Record<string, unknown> }>(`/v1/offers/${offer.id}`, { headers: bearer(creator) }), 200).body.currentTerms;
    const counterAt = performance.now();
    expectStatus(await api.post(`/v1/offers/${offer.id}/proposals`, { headers: bearer(creator), json: { baseVersion: 1, terms: { ...terms, price: { amount: 120_000, currency: 'USD' } } } }), 201, 'counter');
    await eventually(async () => brandStream.events.some((e) => e.event === 'notification'), 10_000);
    const latency = brandStream.events.find((e) => e.event === 'notification')!.at - counterAt;
    console.log(`live bell: counter → brand's stream in ${latency.toFixed(0)} ms`);
    expect(brandStream.events.find((e) => e.event === 'notification')!.data).toMatchObject({ kind: 'offer.countered' });
    await new Promise((r) => setTimeout(r, 500));
    expect(otherStream.events.filter((e) => e.event === 'notification')).toEqual([]);
    brandStream.close();
    otherStream.close();
    expectStatus(await api.get('/v1/notifications/stream'), 401);
  });

  it('batches digest kinds into one mail, and an unsubscribe link turns a kind off', async () => {
    expectStatus(await api.request('PUT', '/v1/notification-preferences', { headers: bearer(creator), json: { email: { 'offer.received': 'digest' } } }), 200);
    const prefs = expectStatus(await api.get<{ email: Record<string, string> }>('/v1/notification-preferences', { headers: bearer(creator) }), 200).body;
    expect(prefs.email['offer.received']).toBe('digest');
    expect(prefs.email['message.posted']).toBe('instant');
    const mailsBefore = mailsTo(creator).length;
    const sent = [await sendOffer(), await sendOffer()];
    // Waits for these two offers by their links: a count of unread items would also count a late
    // notice of an earlier test's offer on a loaded machine.
    await eventually(async () => {
      const links = (await inbox(creator, '?unread=true')).items.map((i) => i.link);
      return sent.every((o) => links.includes(`/offers/${o.id}`));
    }, 15_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(mailsTo(creator)).toHaveLength(mailsBefore); // held for the digest
    const digests = await stack().service('notifications').app.get(DigestMailSweeper).sendDigests(new Date(Date.now() + 1_000));
    expect(digests).toBeGreaterThanOrEqual(1);
    const digest = mailsTo(creator).at(-1)!;
    expect(digest.subject).toBe('Talent Portal: 2 updates');
    expect(digest.text.match(/New offer from Acme/g)).toHaveLength(2);

    const link = /\/unsubscribe\?token=([\w-]+)&kind=offer.received/.exec(digest.text)!;
    const off = await api.post<{ kind: string; email: string }>('/v1/notification-preferences/unsubscribe', { json: { token: link[1], kind: 'offer.received' } });
    expect(expectStatus(off, 200).body).toEqual({ kind: 'offer.received', email: 'off' });
    expect(expectStatus(await api.get<{ email: Record<string, string> }>('/v1/notification-preferences', { headers: bearer(creator) }), 200).body.email['offer.received']).toBe('off');
    expectStatus(await api.post('/v1/notification-preferences/unsubscribe', { json: { token: 'x'.repeat(32), kind: 'offer.received' } }), 404);
    await sendOffer();
    await eventually(async () => (await inbox(creator, '?unread=true')).items.filter((i) => i.kind === 'offer.received').length === 3, 15_000);
    expect(await stack().service('notifications').app.get(DigestMailSweeper).sendDigests(new Date(Date.now() + 1_000))).toBe(0);
  });

  it('mails an invitation to an address without an account, once, and tells the account later made with it', async () => {
    const email = `newcomer-${Date.now().toString(36)}@example.com`;
    const invitation = expectStatus(await api.post<{ id: string }>(`/v1/orgs/${owner.organization!.id}/invitations`, { headers: bearer(owner), json: { email, role: 'manager' } }), 201).body;
    const mail = await eventually(async () => catcher.mails.find((m: CaughtMail) => m.to.includes(email)), 15_000);
    expect(mail.subject).toBe('Invitation to join Northstar on Talent Portal');
    expect(mail.text).toContain('as manager');
    const signupLink = new URL(/(http\S+\/signup\?\S+)/.exec(mail.text)![1]!);
    expect(Object.fromEntries(signupLink.searchParams)).toEqual({ email, kind: 'manager' });

    const newcomer = await signup(api, 'manager', { email });
    await eventually(async () => (await kinds(newcomer)).includes('invitation.received'), 15_000);
    const pending = expectStatus(await api.get<{ items: { id: string }[] }>('/v1/invitations', { headers: bearer(newcomer) }), 200).body;
    expect(pending.items.map((i) => i.id)).toEqual([invitation.id]);
    // The notice is not mailed again: the invitation mail told this address already.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(catcher.mails.filter((m: CaughtMail) => m.to.includes(email)).map((m) => m.subject)).toEqual(['Invitation to join Northstar on Talent Portal']);
  });

  it('stops telling a revoked agency, which can no longer read what it was told, nor mail it in a later digest', async () => {
    expectStatus(await api.request('PUT', '/v1/notification-preferences', { headers: bearer(assigned), json: { email: { 'offer.received': 'digest' } } }), 200);
    const held = await sendOffer();
    await eventually(async () => (await inbox(assigned)).items.some((i) => i.link === `/offers/${held.id}`), 15_000);
    const offerMails = () => mailsTo(assigned).filter((m) => m.text.includes('New offer from Acme')).length;
    const mailsBefore = offerMails();
    expectStatus(await api.post(`/v1/delegations/${grantId}/revoke`, { headers: bearer(creator), json: {} }), 200, 'revoke');
    // The agency is told the grant ended; what it learnt about the creator is gone from its inbox.
    await eventually(async () => (await kinds(owner)).includes('grant.revoked'), 15_000);
    await eventually(async () => !(await kinds(assigned)).includes('offer.received'), 15_000);
    const after = await sendOffer();
    await eventually(async () => (await inbox(creator)).items.some((i) => i.link === `/offers/${after.id}`), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await kinds(assigned)).not.toContain('offer.received');
    expect(await kinds(unassigned)).not.toContain('offer.received');
    // The offer held for the manager's digest before the revocation is not mailed after it.
    await stack().service('notifications').app.get(DigestMailSweeper).sendDigests(new Date(Date.now() + 1_000));
    expect(offerMails()).toBe(mailsBefore);
  });
});
