import { ApiError } from '@callboard/hub/client';

/** The hub's error for `work`, which must fail (anything but an `ApiError` is rethrown). */
export async function refusal(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the hub to refuse');
}
