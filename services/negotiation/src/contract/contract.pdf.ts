import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { ContractDocument, Money } from '#libs/contracts';

/** DejaVu Sans, shipped with the service (assets/, copied beside the build): embedded, so the PDF reads the same everywhere. */
const FONT = fileURLToPath(new URL('../../assets/fonts/DejaVuSans.ttf', import.meta.url));

function money(m: Money): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${(m.amount / 10 ** digits).toFixed(digits)} ${m.currency}`;
}

/**
 * The contract as a PDF: parties, terms, payment schedule and signatures, with the terms hash
 * on every page (the header), so any printed page can be matched to the record.
 */
export function renderContractPdf(doc: ContractDocument): Promise<Buffer> {
  if (!existsSync(FONT)) throw new Error(`contract PDF font missing at ${FONT}`);
  const pdf = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, info: { Title: `Contract ${doc.id}`, Subject: `Terms hash ${doc.termsHash}` } });
  pdf.registerFont('body', FONT);
  pdf.font('body');
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const heading = (text: string) => pdf.moveDown(0.8).fontSize(13).text(text).moveDown(0.3).fontSize(10);
  const line = (text: string) => pdf.text(text);
  const t = doc.terms;

  pdf.fontSize(18).text('Brand partnership contract').moveDown(0.3).fontSize(10);
  line(`Contract ${doc.id} · offer ${doc.offerId} · terms version ${doc.version}`);
  line(`Accepted ${doc.acceptedAt}`);

  heading('Parties');
  line(`Brand: ${doc.parties.brand.name ?? doc.parties.brand.id}`);
  line(`Creator: ${doc.parties.creator.name ?? ''}${doc.parties.creator.handle ? ` (@${doc.parties.creator.handle})` : ''} ${doc.parties.creator.id}`);
  line(`Campaign: ${doc.parties.campaign.name ?? doc.parties.campaign.id}`);

  heading('Terms');
  line(`Price: ${money(t.price)}`);
  line(`Payment: ${t.paymentTerms.upfrontPercent}% upfront, net ${t.paymentTerms.netDays} days from ${t.paymentTerms.clockStart ?? 'contract_signed'}`);
  for (const m of t.paymentTerms.milestones ?? []) line(`  Milestone "${m.name}": ${money(m.amount)} on ${m.trigger}${m.deliverable ? ` (${m.deliverable})` : ''}${m.dueAt ? ` ${m.dueAt}` : ''}`);
  for (const d of t.deliverables) line(`Deliverable: ${d.quantity} × ${d.type}, due ${d.dueAt}`);
  line(`Usage rights: ${t.usageRightsDays} days`);
  line(`Exclusivity: ${t.exclusivityDays} days${t.exclusivityCategory ? ` in ${t.exclusivityCategory}` : ''}`);
  line(`Revision rounds: ${t.revisionRounds}; review window ${t.reviewWindowDays} days`);

  heading('Payment schedule');
  if (!doc.schedule.length) line('No payments (the price is zero).');
  for (const p of doc.schedule) {
    line(`${p.seq}. ${p.name}: ${money(p.amount)} on ${p.trigger}${p.deliverable ? ` (${p.deliverable})` : ''}; ${p.dueAt ? `due ${p.dueAt}` : 'due date follows the trigger'}; ${p.status}`);
    line(`   split: ${p.split.map((s) => `${s.party}${s.userId && s.party !== 'creator' ? ` ${s.userId}` : ''} ${money({ amount: s.amount, currency: p.amount.currency })}`).join(', ')}`);
  }

  heading('Signatures');
  for (const party of ['brand', 'creator'] as const) {
    const s = doc.signatures.find((x) => x.party === party);
    line(s ? `${party}: signed by ${s.name ?? s.userId} at ${s.signedAt}` : `${party}: not signed yet`);
  }

  // The hash on every page, written once all pages exist.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    pdf.fontSize(8).text(`Terms hash ${doc.termsHash} · page ${i + 1} of ${range.count}`, 56, 24, { lineBreak: false });
  }
  pdf.end();
  return done;
}
