/**
 * The error a queue core step throws, for the queue core's tests: code, message and details, as
 * the staff app receives them. Not exported from the package index.
 */
import { CallboardError } from '../protocol';

export function errorOf(f: () => unknown): { code: string; message: string; details: unknown } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof CallboardError)) throw e;
    return { code: e.code, message: e.message, details: e.details };
  }
  throw new Error('expected an error');
}
