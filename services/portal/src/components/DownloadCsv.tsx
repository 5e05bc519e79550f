import { useMutation } from '@tanstack/react-query';
import { ApiError, type Problem } from '../api/client';
import { ErrorNotice } from '../ui';

/** What an `api.GET(..., { headers: { accept: 'text/csv' }, parseAs: 'blob' })` call answers. */
type CsvCall = () => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** The name the gateway gives the file (`attachment; filename="deals.csv"`), else `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Asks for the list as CSV through the API client (the session's Bearer token in a header, a
 * refresh on 401; never a token in a URL) and hands the file to the browser as a download.
 */
async function saveCsv(call: CsvCall, fallback: string) {
  const { data, error, response } = await call();
  if (!response.ok || !(data instanceof Blob)) {
    const problem = (error && typeof error === 'object' ? error : {}) as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status, title: problem.title ?? 'The file could not be made' });
  }
  const url = URL.createObjectURL(data);
  const link = Object.assign(document.createElement('a'), { href: url, download: filenameOf(response.headers.get('content-disposition'), fallback) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "Download CSV": every row of the list as it is filtered now, not only the page on screen. */
export function DownloadCsv({ call, fallback }: { call: CsvCall; fallback: string }) {
  const download = useMutation({ mutationFn: () => saveCsv(call, fallback) });
  return (
    <div className="download">
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      <ErrorNotice error={download.error} />
    </div>
  );
}
