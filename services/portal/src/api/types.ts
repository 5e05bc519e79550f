import type { paths } from './schema';

type Json<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends { responses: infer R }
  ? R extends Record<S, { content: { 'application/json': infer B } }>
    ? B
    : never
  : never;

export type Me = Json<'/v1/me', 'get'>;
export type Grant = Json<'/v1/delegations/{id}', 'get'>;
export type Scope = Grant['scopes'][number];
export type RosterItem = Json<'/v1/roster', 'get'>['items'][number];
export type Card = Json<'/v1/creators/{creatorId}/card', 'get'>;
export type Offer = Json<'/v1/offers/{id}', 'get'>;
export type Terms = Offer['currentTerms'];
export type TermsVersions = Json<'/v1/offers/{id}/versions', 'get'>;
export type Changes = NonNullable<TermsVersions['changes']>;
export type Submission = Json<'/v1/offers/{id}/submissions', 'get'>['items'][number];
export type Tab = 'pending' | 'active' | 'completed' | 'inactive';
export type RateItem = Json<'/v1/creators/{creatorId}/rates', 'get'>['items'][number];
export type Deliverable = RateItem['deliverable'];
export type Campaign = Json<'/v1/campaigns/{id}', 'get'>;
export type Series = Json<'/v1/creators/{creatorId}/metrics/series', 'get'>;
export type DealsPage = Json<'/v1/deals', 'get'>;
export type Deal = DealsPage['items'][number];
export type DealsQuery = NonNullable<paths['/v1/deals']['get']['parameters']['query']>;
export type OfferPerformance = Json<'/v1/offers/{id}/performance', 'get'>;
export type AuditEntry = Json<'/v1/audit', 'get'>['items'][number];
/** Who acted, as messages, terms versions, rate history and the audit log name them. */
export type NamedActor = Pick<AuditEntry['actor'], 'userId' | 'name' | 'organization'>;
export type Benchmark = NonNullable<NonNullable<NonNullable<Card['metrics']>['benchmarks']>['engagementRate']>;
export type FollowerBand = Benchmark['cohort']['followerBand'];
export type Signal = NonNullable<NonNullable<Card['metrics']>['signals']>[number];
export type FoundCreator = Json<'/v1/profiles', 'get'>['items'][number];
export type Payment = Json<'/v1/offers/{id}/payments', 'get'>['items'][number];
export type ContractDocument = Json<'/v1/offers/{id}/contract', 'get'>;
export type Statement = Json<'/v1/statements', 'get'>;
export type DiscoveryQuery = NonNullable<paths['/v1/creators']['get']['parameters']['query']>;
export type DiscoverySort = NonNullable<DiscoveryQuery['sort']>;
export type Profile = Json<'/v1/creators/{creatorId}/profile', 'get'>;
export type ProfilePatch = NonNullable<paths['/v1/creators/{creatorId}/profile']['patch']['requestBody']>['content']['application/json'];
export type Member = Json<'/v1/orgs/{orgId}/members', 'get'>['items'][number];
export type ApiKey = Json<'/v1/api-keys', 'get'>['items'][number];
export type ApiKeyScope = ApiKey['scopes'][number];

export const SCOPES: Scope[] = ['campaigns:read', 'offers:negotiate', 'feedback:write', 'rates:write', 'metrics:read'];
export const DELIVERABLES: Deliverable[] = ['video', 'video_series', 'live', 'story', 'usage_rights_30d'];
export const TABS: Tab[] = ['pending', 'active', 'completed', 'inactive'];
export type Category = RosterItem['categories'][number];
// A record, so the compiler names any category the API adds and this list lacks.
const CATEGORY_SET: Record<Category, true> = {
  art: true, automotive: true, beauty: true, comedy: true, dance: true, education: true, entertainment: true, family: true, fashion: true, finance: true, fitness: true, food: true,
  gaming: true, health: true, home: true, lifestyle: true, music: true, outdoors: true, pets: true, science: true, sports: true, tech: true, travel: true,
};
export const CREATOR_CATEGORIES = Object.keys(CATEGORY_SET) as Category[];

export type NotificationsPage = Json<'/v1/notifications', 'get'>;
export type Notification = NotificationsPage['items'][number];
export type NotificationKind = Notification['kind'];
export type EmailMode = Json<'/v1/notification-preferences', 'get'>['email'][string];
export type PaymentsOverview = Json<'/v1/payments', 'get'>;
export type PaymentRow = PaymentsOverview['items'][number];
export type PaymentTotals = PaymentsOverview['totals'][number];
export type PaymentStatus = PaymentRow['status'];
export type PendingCancellation = NonNullable<Offer['cancellation']>;
export type SettlementStage = PendingCancellation['settlement']['stage'];
export type CampaignResults = Json<'/v1/campaigns/{id}/performance', 'get'>;
export type SharedReport = Json<'/v1/shared/{token}', 'get'>;
export type ShareLink = Json<'/v1/campaigns/{id}/share-links', 'get'>['items'][number];
export type VideoVerification = OfferPerformance['videos'][number]['verification'];
