import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  AppError,
  accessTokenClaimsSchema,
  identityContracts as id,
  negotiationContracts as n,
  principalFromClaims,
  termsSchema,
  type Principal,
  type RequestContract,
  type RequestOf,
  type ResponseOf,
  type Scope,
  type TermsInput,
} from '#libs/contracts';
import { PrincipalSigner, RequestClient } from '#libs/messaging';
import { eventually, gatewayClient, withPgClient } from '#libs/testing';
import type { Stack } from '../support/stack.js';

/**
 * A test world on NATS, as the gateway and campaigns would drive negotiation: accounts and
 * grants through identity's subjects, offers opened as campaigns opens them (its subject, its
 * bus credentials and signing key).
 */
export interface Party {
  principal: Principal;
  userId: string;
  handle: string | null;
  orgId: string | null;
  email: string;
}

export const unique = () => randomUUID().slice(0, 8);

export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

export function baseTerms(amount = 250_000): TermsInput {
  return {
    price: { amount, currency: 'USD' },
    paymentTerms: { upfrontPercent: 30, netDays: 30 },
    deliverables: [{ type: 'video', quantity: 1, dueAt: '2027-01-20T00:00:00.000Z' }],
    usageRightsDays: 90,
    exclusivityDays: 30,
    revisionRounds: 1,
    reviewWindowDays: 14,
  };
}

export class World {
  private constructor(
    readonly nc: NatsConnection,
    readonly client: RequestClient,
    private readonly asCampaigns: { nc: NatsConnection; client: RequestClient },
    private readonly dbUrl: string,
  ) {}

  static async connect(stack: Stack): Promise<World> {
    const nc = await stack.nats.connect();
    const campaignsNc = await stack.nats.connect('campaigns');
    const campaigns = new RequestClient(campaignsNc, 10_000, new PrincipalSigner(stack.nats.credentials!.signingKeys.campaigns));
    return new World(nc, gatewayClient(stack.nats, nc, 10_000), { nc: campaignsNc, client: campaigns }, stack.db.url);
  }

  async close() {
    await this.asCampaigns.nc.close();
    await this.nc.close();
  }

  call<C extends RequestContract>(contract: C, payload: RequestOf<C>, principal?: Principal): Promise<ResponseOf<C>> {
    return this.client.request(contract, payload, { principal });
  }

  private party(session: ResponseOf<typeof id.signup>): Party {
    return {
      principal: principalFromClaims(accessTokenClaimsSchema.parse(decodeJwt(session.accessToken))),
      userId: session.user.id,
      handle: session.user.handle ?? null,
      orgId: session.organization?.id ?? null,
      email: session.user.email,
    };
  }

  async signup(kind: 'creator' | 'manager' | 'brand', org?: string): Promise<Party> {
    const tag = unique();
    const session = await this.call(id.signup, {
      email: `${kind}-${tag}@example.com`,
      password: `pw-${tag}-${randomUUID()}`,
      name: `${kind} ${tag}`,
      kind,
      clientIp: '198.51.100.7',
      ...(kind === 'creator' ? { handle: `c_${tag}` } : {}),
      ...(org ? { organization: { name: `${org} ${tag}` } } : {}),
    });
    return this.party(session);
  }

  /** An agency (its owner) with a member of `role`, the member's principal as a fresh login would carry it. */
  async agencyMember(role: 'manager' | 'viewer' = 'manager'): Promise<{ owner: Party; member: Party }> {
    const owner = await this.signup('manager', 'Agency');
    const joining = await this.signup('manager');
    // Joining an organization is an invitation the invitee accepts.
    const invitation = await this.call(id.invitationsCreate, { orgId: owner.orgId!, email: joining.email, role }, owner.principal);
    await this.call(id.invitationsAccept, { invitationId: invitation.id }, joining.principal);
    const member: Party = {
      ...joining,
      orgId: owner.orgId,
      principal: { ...joining.principal, orgId: owner.orgId, orgKind: 'agency', role },
    };
    return { owner, member };
  }

  /** The creator approves the agency's request for `scopes`, and negotiation's copy of grants (its reads) has it: returns the grant id. */
  async grant(owner: Party, creator: Party, scopes: Scope[]): Promise<string> {
    const requested = await this.call(id.grantsRequest, { creatorHandle: creator.handle!, scopes }, owner.principal);
    await this.call(id.grantsApprove, { grantId: requested.id }, creator.principal);
    await eventually(() => withPgClient(this.dbUrl, async (c) => (await c.query(`select 1 from negotiation.grant_copies where grant_id = $1 and status = 'active'`, [requested.id])).rowCount === 1), 10_000);
    return requested.id;
  }

  /** An offer campaigns just sent from `brand` to `creator`, with `terms` as version 1 (and campaigns' rate-card judgement). */
  async sendOffer(brand: Party, creator: Party, terms: TermsInput = baseTerms(), respondBy = new Date(Date.now() + 7 * 86_400_000), belowRateCard: boolean | null = null) {
    const offerId = randomUUID();
    const campaignId = randomUUID();
    await this.asCampaigns.client.request(
      n.offersOpen,
      {
        offerId,
        campaignId,
        campaignName: 'Winter launch',
        brandId: brand.orgId!,
        brandName: 'Brand',
        creatorId: creator.userId,
        terms: termsSchema.parse(terms),
        respondBy: respondBy.toISOString(),
        belowRateCard,
        rateCardPrice: belowRateCard === null ? null : { amount: terms.price.amount + 1, currency: terms.price.currency },
        rateCardVersion: belowRateCard === null ? null : 1,
      },
      { principal: brand.principal },
    );
    return { offerId, campaignId };
  }

  /** Every event on the NEGOTIATION stream of one aggregate (an offer, or a creator for action records), in stream order. */
  async negotiationEvents(aggregateId: string): Promise<{ subject: string; aggregateVersion: number; payload: Record<string, unknown> }[]> {
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.streams.info('NEGOTIATION');
    const out = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('NEGOTIATION', { seq }).catch(() => null);
      if (!msg) continue;
      const env = msg.json<{ aggregateId: string; aggregateVersion: number; payload: Record<string, unknown> }>();
      if (env.aggregateId === aggregateId) out.push({ subject: msg.subject, aggregateVersion: env.aggregateVersion, payload: env.payload });
    }
    return out;
  }
}
