import { z } from 'zod';

/**
 * Errors travel between services as the same fields the gateway renders as RFC 9457
 * problem details, so a typed failure deep in a service reaches the client unchanged.
 */
export const ERROR_CODES = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  timeout: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const remoteErrorSchema = z.object({
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  title: z.string(),
  detail: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
  /** How long the caller should wait before trying again (rate limits, paused services). */
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type RemoteError = z.infer<typeof remoteErrorSchema>;

/**
 * RFC 9457 problem details: how the gateway renders every error, as clients read it. The
 * wait of a 429 or 503 travels in the `Retry-After` header, not in the body.
 */
export const problemDetailsSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  traceId: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;

/** A failure that carries its contract error code; thrown by domain code, rendered by adapters. */
export class AppError extends Error {
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'AppError';
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }

  toRemote(): RemoteError {
    return {
      code: this.code,
      title: this.title,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }

  static fromRemote(remote: RemoteError): AppError {
    return new AppError(remote.code, remote.title, remote.detail, remote.errors, { retryAfterSeconds: remote.retryAfterSeconds });
  }
}

/**
 * Flattens zod issues into `path`/`message` pairs a client can map to form fields; each
 * field a strict schema does not know is named on its own.
 */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const pathOf = (segments: PropertyKey[]) => [prefix, ...segments.map(String)].filter(Boolean).join('.') || '(root)';
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'Unknown field' }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}
