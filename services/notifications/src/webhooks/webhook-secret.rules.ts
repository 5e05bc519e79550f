/**
 * An endpoint's signing secrets. A secret is `whsec_` + 32 random bytes in base64 (Standard
 * Webhooks' format, which its verifiers accept as is); it is shown once, when made. Rotation
 * makes a new one and keeps the old one signing for `ROTATION_OVERLAP_MS`, so a receiver can
 * switch at its own pace: during the overlap every delivery carries both signatures and
 * verifies with either secret. Only the latest previous secret is kept; rotating again within
 * the overlap ends the older one at once.
 */
export const SECRET_PREFIX = 'whsec_';
export const SECRET_BYTES = 32;
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface EndpointSecrets {
  secret: string;
  previousSecret: string | null;
  /** The previous secret signs until then. */
  previousSecretUntil: Date | null;
}

export function makeSecret(randomBytes: (n: number) => Uint8Array): string {
  return SECRET_PREFIX + Buffer.from(randomBytes(SECRET_BYTES)).toString('base64');
}

export function rotate(current: EndpointSecrets, fresh: string, now: Date): EndpointSecrets {
  return { secret: fresh, previousSecret: current.secret, previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS) };
}

/** The secrets that sign a delivery sent at `now`: the current one first, then the previous one during its overlap. */
export function signingSecrets(secrets: EndpointSecrets, now: Date): string[] {
  const previousValid = secrets.previousSecret !== null && secrets.previousSecretUntil !== null && now.getTime() < secrets.previousSecretUntil.getTime();
  return previousValid ? [secrets.secret, secrets.previousSecret!] : [secrets.secret];
}
