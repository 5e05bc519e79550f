const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes (then throws its last error). */
type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 5000, everyMs = 20): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
      last = new Error('condition still false');
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last;
    await sleep(everyMs);
  }
}

/** Milliseconds until `check` holds, polled every `everyMs`; throws after `limitMs`. */
export async function msUntil(check: () => Promise<boolean> | boolean, limitMs: number, everyMs = 10): Promise<number> {
  const started = performance.now();
  await eventually(check, limitMs, everyMs).catch(() => {
    throw new Error(`condition not met within ${limitMs} ms`);
  });
  return performance.now() - started;
}

/** For `eventually`: an empty list is truthy, so a probe that waits for items returns null until there are some. */
export const nonEmpty = <T>(items: T[]): T[] | null => (items.length ? items : null);
