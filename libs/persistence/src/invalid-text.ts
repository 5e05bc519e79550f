import { AppError } from '#libs/contracts';

/**
 * What PostgreSQL answers when text cannot be stored or compared: bytes that are not valid in
 * the encoding, NUL included (`22021` character_not_in_repertoire), a character the encoding
 * lacks or a `\u0000` inside JSON (`22P05` untranslatable_character). Both say the caller's
 * input was bad, not that the service failed.
 */
const INVALID_TEXT: Record<string, string> = {
  '22021': 'contains a character the database cannot store (such as U+0000 NUL)',
  '22P05': 'contains a character the database encoding cannot represent',
};

/**
 * A NUL inside a bind parameter never reaches a type's input function: the server fails to
 * read the message (`08P01` protocol_violation, raised in `pq_getmsgend`) and the session goes
 * on. That routine is only reached on a malformed message, which node-postgres sends for
 * nothing else.
 */
const NUL_IN_PARAMETER = { state: '08P01', routine: 'pq_getmsgend' };

function* causes(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let e = err; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e;
  }
}

/**
 * A 400 `validation` AppError for a database error caused by invalid text, otherwise
 * undefined. The contracts' text rules refuse such text before it gets here; this is the net
 * under every other path (a field without the rule, a value built by the service), so the
 * caller gets a 400 rather than a 500 and nothing is written (the transaction failed).
 */
export function invalidTextError(err: unknown): AppError | undefined {
  for (const e of causes(err)) {
    const { code, sqlState, routine } = e as { code?: unknown; sqlState?: unknown; routine?: unknown };
    const state = typeof sqlState === 'string' ? sqlState : typeof code === 'string' ? code : undefined;
    const nulInParameter = state === NUL_IN_PARAMETER.state && routine === NUL_IN_PARAMETER.routine;
    const why = nulInParameter ? INVALID_TEXT['22021'] : state ? INVALID_TEXT[state] : undefined;
    if (why) return Object.assign(new AppError('validation', 'Invalid input', `The request ${why}`), { cause: err });
  }
  return undefined;
}
