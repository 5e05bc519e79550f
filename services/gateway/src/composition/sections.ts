/**
 * Parallel composition of independent sections: each section's failure (its service slow,
 * down, or its breaker open) leaves that section null and named as degraded, never failing
 * the whole answer; a section the caller may not see is skipped without a call.
 */
export type SectionOutcome<T> = { value: T; ms: number } | { value: null; ms: number; degraded: true } | { value: null; ms: 0; skipped: true };

export interface Section<T> {
  /** False when the caller may not see it: no downstream call is made. */
  allowed: boolean;
  fetch: () => Promise<T>;
}

export async function runSection<T>(section: Section<T>, now: () => number = performance.now.bind(performance)): Promise<SectionOutcome<T>> {
  if (!section.allowed) return { value: null, ms: 0, skipped: true };
  const started = now();
  try {
    const value = await section.fetch();
    return { value, ms: now() - started };
  } catch {
    return { value: null, ms: now() - started, degraded: true };
  }
}

/** Runs every section at once; the result keeps the sections' names. */
export async function composeSections<S extends Record<string, Section<unknown>>>(
  sections: S,
): Promise<{ [K in keyof S]: SectionOutcome<Awaited<ReturnType<S[K]['fetch']>>> }> {
  const names = Object.keys(sections);
  const outcomes = await Promise.all(names.map((name) => runSection(sections[name]!)));
  return Object.fromEntries(names.map((name, i) => [name, outcomes[i]])) as never;
}

/** Names of the sections that failed, in declaration order. */
export function degradedOf(outcomes: Record<string, SectionOutcome<unknown>>): string[] {
  return Object.entries(outcomes)
    .filter(([, o]) => 'degraded' in o)
    .map(([name]) => name);
}

/**
 * One downstream call that several sections read their parts from (a service answering them
 * together): made once, when the first of them asks; its failure fails each of them.
 */
export function sharedCall<T>(fetch: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= fetch());
}
