/** Ingestion batches carry up to 10,000 observations; everything else is a small JSON form. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
export const INGEST_BODY_LIMIT = 8 * 1024 * 1024;

export function bodyLimitFor(url: string): number {
  return url.startsWith('/v1/ingest/') ? INGEST_BODY_LIMIT : DEFAULT_BODY_LIMIT;
}
