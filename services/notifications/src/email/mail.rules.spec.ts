import { invitationMail } from './mail.rules.js';

describe('invitationMail', () => {
  const facts = { email: 'sam+talent@example.com', orgName: 'Rock & <Roll> Talent', orgKind: 'agency' as const, role: 'manager', expiresAt: new Date('2026-12-11T10:00:00Z') };

  it('links to sign-up with the invited address and the kind of account that can join', () => {
    const mail = invitationMail(facts, 'https://portal.example.com/');
    const link = new URL(/(https:\S+\/signup\?\S+)/.exec(mail.text)![1]!);
    expect(link.origin + link.pathname).toBe('https://portal.example.com/signup');
    expect(Object.fromEntries(link.searchParams)).toEqual({ email: 'sam+talent@example.com', kind: 'manager' });
    expect(mail.subject).toBe('Invitation to join Rock & <Roll> Talent on Talent Portal');
    expect(mail.text).toContain('open until 11 December 2026');
  });

  it('escapes what people typed in the HTML part', () => {
    const { html } = invitationMail(facts, 'https://portal.example.com');
    expect(html).toContain('Rock &amp; &lt;Roll&gt; Talent');
    expect(html).not.toContain('<Roll>');
    expect(html).toContain('email=sam%2Btalent%40example.com&amp;kind=manager');
  });

  it('asks for a brand account for a brand, and leaves the kind open when the event does not say', () => {
    const brand = new URL(/(https:\S+)/.exec(invitationMail({ ...facts, orgKind: 'brand' }, 'https://p.example').text)![1]!);
    expect(brand.searchParams.get('kind')).toBe('brand');
    const unknown = new URL(/(https:\S+)/.exec(invitationMail({ ...facts, orgKind: null }, 'https://p.example').text)![1]!);
    expect(unknown.searchParams.has('kind')).toBe(false);
  });
});
