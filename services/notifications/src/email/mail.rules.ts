import type { NotificationKind } from '#libs/contracts';

/** What a mail says about one notification. */
export interface MailItem {
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
}

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** Links a mail needs: into the portal, and to turn one kind's mail off. */
export interface MailLinks {
  portalUrl: string;
  unsubscribeToken: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const portalLink = (links: MailLinks, path: string) => new URL(path, links.portalUrl).toString();

/** The portal page that turns `kind` off for the owner of the token (it asks the API, so a mail scanner opening the link changes nothing). */
export function unsubscribeLink(links: MailLinks, kind: NotificationKind): string {
  const url = new URL('/unsubscribe', links.portalUrl);
  url.searchParams.set('token', links.unsubscribeToken);
  url.searchParams.set('kind', kind);
  return url.toString();
}

const KIND_LABEL = (kind: NotificationKind) => kind.replace(/[._]/g, ' ');

/** One notification, sent as it happens: plain text and HTML saying the same. */
export function instantMail(item: MailItem, links: MailLinks): Mail {
  const open = portalLink(links, item.link);
  const off = unsubscribeLink(links, item.kind);
  return {
    subject: item.title,
    text: `${item.body}\n\nOpen it in Talent Portal: ${open}\n\n--\nYou get this because "${KIND_LABEL(item.kind)}" mail is on. Turn it off: ${off}\n`,
    html: `<!doctype html><html><body><p>${escapeHtml(item.body)}</p><p><a href="${escapeHtml(open)}">Open it in Talent Portal</a></p><hr><p style="font-size:small">You get this because “${escapeHtml(KIND_LABEL(item.kind))}” mail is on. <a href="${escapeHtml(off)}">Turn it off</a>.</p></body></html>`,
  };
}

/** Several notifications in one mail, in the order they happened, each kind with its own way out. */
export function digestMail(items: readonly MailItem[], links: MailLinks): Mail {
  const kinds = [...new Set(items.map((i) => i.kind))];
  const lines = items.map((i) => `- ${i.title}\n  ${i.body}\n  ${portalLink(links, i.link)}`);
  const offs = kinds.map((k) => `"${KIND_LABEL(k)}": ${unsubscribeLink(links, k)}`);
  return {
    subject: `Talent Portal: ${items.length} update${items.length === 1 ? '' : 's'}`,
    text: `${lines.join('\n\n')}\n\n--\nTurn these mails off:\n${offs.join('\n')}\n`,
    html: `<!doctype html><html><body><ul>${items
      .map((i) => `<li><a href="${escapeHtml(portalLink(links, i.link))}">${escapeHtml(i.title)}</a><br>${escapeHtml(i.body)}</li>`)
      .join('')}</ul><hr><p style="font-size:small">Turn these mails off: ${kinds
      .map((k) => `<a href="${escapeHtml(unsubscribeLink(links, k))}">${escapeHtml(KIND_LABEL(k))}</a>`)
      .join(' · ')}</p></body></html>`,
  };
}

/** What an invitation mail needs: who invites, to what, until when. */
export interface InvitationMailFacts {
  email: string;
  orgName: string;
  orgKind: 'agency' | 'brand' | null;
  role: string;
  expiresAt: Date;
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * An invitation to an address that has no account: it links to sign-up with the address filled
 * in, since only an account with that address can accept. No unsubscribe link: it is one mail,
 * sent because a person named this address, and nothing follows it.
 */
export function invitationMail(i: InvitationMailFacts, portalUrl: string): Mail {
  const signup = new URL('/signup', portalUrl);
  signup.searchParams.set('email', i.email);
  if (i.orgKind) signup.searchParams.set('kind', i.orgKind === 'agency' ? 'manager' : 'brand');
  const link = signup.toString();
  const until = DAY.format(i.expiresAt);
  const body = `You are invited to join ${i.orgName} on Talent Portal as ${i.role}. Create your account with this address (${i.email}) to accept or decline the invitation; it is open until ${until}.`;
  return {
    subject: `Invitation to join ${i.orgName} on Talent Portal`,
    text: `${body}\n\nCreate your account: ${link}\n\n--\nIf you did not expect this, ignore it: nothing happens unless you sign up and accept.\n`,
    html: `<!doctype html><html><body><p>${escapeHtml(body)}</p><p><a href="${escapeHtml(link)}">Create your account</a></p><hr><p style="font-size:small">If you did not expect this, ignore it: nothing happens unless you sign up and accept.</p></body></html>`,
  };
}
