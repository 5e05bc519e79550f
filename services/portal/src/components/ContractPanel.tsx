import { useQuery } from '@tanstack/react-query';
import { api, notShared, ok } from '../api/client';
import { formatDateTime } from '../format';
import { useAction } from '../hooks';
import { ErrorNotice, Loading, Section } from '../ui';

type Side = 'brand' | 'creator';

/** Asks for the contract as a PDF and hands it to the browser as a download (to keep or print). */
async function downloadPdf(offerId: string) {
  const { data, response } = await api.GET('/v1/offers/{id}/contract', { params: { path: { id: offerId } }, headers: { accept: 'application/pdf' }, parseAs: 'blob' });
  if (!response.ok || !data) throw new Error(`The PDF could not be made (HTTP ${response.status})`);
  const url = URL.createObjectURL(data as Blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: `contract-${offerId}.pdf` });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The contract of an accepted offer: its terms hash, who signed and when, the PDF, and the sign
 * button for a party that has not signed (a brand member who acts; the creator in person).
 */
export function ContractPanel({ offerId, side, canSign }: { offerId: string; side: Side; canSign: boolean }) {
  const contract = useQuery({ queryKey: ['contract', offerId], queryFn: () => ok(api.GET('/v1/offers/{id}/contract', { params: { path: { id: offerId } } })) });
  const sign = useAction(() => ok(api.POST('/v1/offers/{id}/contract/sign', { params: { path: { id: offerId } } })));
  const pdf = useAction(() => downloadPdf(offerId));
  if (notShared(contract.error)) return null;
  const c = contract.data;
  const signedByMySide = c?.signatures.some((s) => s.party === side) ?? false;
  return (
    <Section title="Contract">
      {contract.isPending ? (
        <Loading what="Loading the contract" />
      ) : !c ? (
        <ErrorNotice error={contract.error} onRetry={() => void contract.refetch()} />
      ) : (
        <>
          <p>
            Terms version {c.version}, hash <span className="mono">{c.termsHash}</span>
          </p>
          <ul aria-label="Signatures">
            {(['brand', 'creator'] as const).map((party) => {
              const s = c.signatures.find((x) => x.party === party);
              return <li key={party}>{party === 'brand' ? 'Brand' : 'Creator'}: {s ? `signed ${formatDateTime(s.signedAt)}` : 'not signed yet'}</li>;
            })}
          </ul>
          {c.signedAt && <p className="muted small">Both parties signed; payment clocks that start at signing run from {formatDateTime(c.signedAt)}.</p>}
          <ErrorNotice error={sign.error ?? pdf.error} />
          <div className="actions">
            {canSign && !signedByMySide && <button type="button" className="primary" onClick={() => sign.mutate()} disabled={sign.isPending}>Sign the contract</button>}
            <button type="button" onClick={() => pdf.mutate()} disabled={pdf.isPending}>Download PDF</button>
          </div>
        </>
      )}
    </Section>
  );
}
