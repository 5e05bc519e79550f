import { AppError } from '#libs/contracts';

/** The AppError a call failed with; fails the test when the call succeeds or fails otherwise. */
export async function appErrorOf(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with an AppError, but it succeeded');
}
