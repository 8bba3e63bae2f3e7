/**
 * Ticket numbers. A number is prefix + zero-padded sequence
 * ("A023"); sequences are per service per business day and never reused (ARCHITECTURE.md §3),
 * so the caller persists the last issued seq and we only ever move forward from it.
 */
import { CallboardError } from '../protocol';

/** Width of the numeric part: at least 3 ("A001"), more when the range needs it ("A0001" for 1–9999). */
export function numberWidth(range: readonly [number, number]): number {
  return Math.max(3, String(range[1]).length);
}

export function formatNumber(prefix: string, seq: number, width: number): string {
  return prefix + String(seq).padStart(width, '0');
}

/**
 * Next sequence after `lastSeq` (undefined = nothing issued today). Gaps are fine — a crash
 * between reserving and printing may lose a number — but going back is not: a number that was
 * handed out (even on a ticket that was never printed) must never name a second visitor.
 */
export function nextSeq(lastSeq: number | undefined, range: readonly [number, number], serviceId: string): number {
  const [first, last] = range;
  const seq = lastSeq === undefined ? first : Math.max(lastSeq + 1, first);
  if (seq > last) {
    throw new CallboardError(
      'NUMBER_RANGE_EXHAUSTED',
      `service ${serviceId} has used its whole number range ${first}–${last} for today`,
      { serviceId, range: [first, last], lastSeq },
    );
  }
  return seq;
}
