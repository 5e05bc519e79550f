import { useEffect } from 'react';
import { canAdminOrg, isAgency, isBrand, isCreator, isOperator, type Viewer } from './permissions';
import { Link, match, queryParam, useRouter } from './router';
import { useSession } from './session';
import { Loading, UserText } from './ui';
import { LoginPage, SignupPage } from './pages/auth';
import { AuditPage, CreatorOffersPage, CreatorSettingsPage, GrantsPage } from './pages/creator';
import { DelegationsPage, InvitationsPage, MembersPage, RosterPage } from './pages/agency';
import { CreatorPage } from './pages/card';
import { OfferPage } from './pages/offer';
import { CampaignPage, CampaignsPage } from './pages/brand';
import { CampaignResultsPage, SharedReportPage } from './pages/results';
import { DiscoverPage } from './pages/discover';
import { DealsPage } from './pages/deals';
import { PaymentsPage } from './pages/payments';
import { StatementsPage } from './pages/statements';
import { ApiKeysPage } from './pages/operator';
import { WebhooksPage } from './pages/webhooks';
import { NotificationsPage, UnsubscribePage } from './pages/notifications';
import { Bell } from './components/Bell';

function home(v: Viewer) {
  if (isCreator(v)) return '/grants';
  if (isBrand(v)) return '/campaigns';
  if (isAgency(v)) return '/roster';
  if (isOperator(v)) return '/api-keys';
  return '/account';
}

function navFor(v: Viewer, userId: string): [string, string][] {
  const webhooks: [string, string][] = (isAgency(v) || isBrand(v)) && canAdminOrg(v) ? [['/settings/webhooks', 'Webhooks']] : [];
  return [...roleNav(v, userId), ...webhooks, ...(isOperator(v) ? ([['/api-keys', 'API keys']] as [string, string][]) : [])];
}

function roleNav(v: Viewer, userId: string): [string, string][] {
  if (isCreator(v)) return [['/grants', 'Agency access'], ['/offers', 'Offers'], ['/payments', 'Payments'], [`/creators/${userId}`, 'My card'], ['/settings', 'Profile & rates'], ['/statements', 'Statements'], ['/audit', 'Audit log']];
  if (isBrand(v)) return [['/deals', 'Deals'], ['/payments', 'Payments'], ['/discover', 'Discover'], ['/campaigns', 'Campaigns']];
  if (isAgency(v)) return [['/deals', 'Deals'], ['/payments', 'Payments'], ['/roster', 'Roster'], ['/statements', 'Statements'], ['/delegations', 'Delegations'], ['/members', 'Members'], ...(v.role === 'owner' || v.role === 'admin' ? ([['/audit', 'Audit log']] as [string, string][]) : [])];
  return [];
}

function Page({ path, viewer }: { path: string; viewer: Viewer }) {
  let p: Record<string, string> | null;
  if ((p = match('/creators/:id', path))) return <CreatorPage creatorId={p.id} />;
  if ((p = match('/offers/:id', path))) return <OfferPage offerId={p.id} />;
  if ((p = match('/campaigns/:id/results', path))) return <CampaignResultsPage campaignId={p.id} />;
  if ((p = match('/shared/:token', path))) return <SharedReportPage token={p.token} />;
  if ((p = match('/campaigns/:id', path))) return <CampaignPage campaignId={p.id} creatorId={queryParam(path, 'creator') ?? ''} />;
  switch (path.split('?')[0]) {
    case '/grants': return <GrantsPage />;
    case '/offers': return <CreatorOffersPage />;
    case '/settings': return <CreatorSettingsPage />;
    case '/audit': return <AuditPage />;
    case '/roster': return <RosterPage />;
    case '/delegations': return <DelegationsPage />;
    case '/members': return <MembersPage />;
    case '/campaigns': return <CampaignsPage />;
    case '/deals': return <DealsPage key={path} />;
    case '/payments': return <PaymentsPage key={path} />;
    case '/statements': return <StatementsPage />;
    case '/discover': return <DiscoverPage />;
    case '/api-keys': return <ApiKeysPage />;
    case '/settings/webhooks': return <WebhooksPage />;
    case '/notifications': return <NotificationsPage />;
    case '/unsubscribe': return <UnsubscribePage />;
    case '/account':
      return <InvitationsPage />;
    default:
      return <p>Page not found. <Link to={home(viewer)}>Go to your start page</Link></p>;
  }
}

export function App() {
  const { me, viewer, loading, signOut } = useSession();
  const { path, navigate } = useRouter();
  const publicPage = path.startsWith('/login') || path.startsWith('/signup');
  // A mail's unsubscribe link and a shared report work signed in or not: their token is the credential.
  const openToAll = path.startsWith('/unsubscribe') || path.startsWith('/shared/');
  useEffect(() => {
    if (loading || openToAll) return;
    if (!viewer && !publicPage) navigate('/login', true);
    else if (viewer && (publicPage || path === '/')) navigate(home(viewer), true);
  }, [loading, viewer, publicPage, openToAll, path, navigate]);
  if (loading) return <Loading what="Signing you in" />;
  if ((!viewer || !me) && openToAll)
    return (
      <main id="main" tabIndex={-1}>
        {path.startsWith('/shared/') ? <SharedReportPage token={decodeURIComponent(path.split('?')[0].slice('/shared/'.length))} /> : <UnsubscribePage />}
      </main>
    );
  if (!viewer || !me) return path.startsWith('/signup') ? <SignupPage /> : <LoginPage />;
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <Link to={home(viewer)} className="brand">Talent Portal</Link>
        <nav aria-label="Main">
          <ul>
            {navFor(viewer, me.user.id).map(([to, text]) => (
              <li key={to}><Link to={to}>{text}</Link></li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <Bell />
          <span><UserText>{me.user.name}</UserText>{me.organization ? <> · <UserText>{me.organization.name}</UserText> ({me.role})</> : ''}</span>
          <button type="button" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} viewer={viewer} />
      </main>
    </>
  );
}
