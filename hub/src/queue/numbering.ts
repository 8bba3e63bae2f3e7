/**
 * Ticket numbers. A number is prefix + zero-padded sequence
 * ("A023"); sequences are per service per business day and never reused (ARCHITECTURE.md §3),
 * so the caller persists the last issued seq and we only ever move forward from it.
 */

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
 * A day never runs out of numbers: past the end of the range the sequence goes on, one digit
 * wider (A999 → A1000), so a flood of tickets cannot stop a service's kiosks and counters; the
 * supervisor is told long before (`rangeUse`).
 */
export function nextSeq(lastSeq: number | undefined, range: readonly [number, number]): number {
  const first = range[0];
  return lastSeq === undefined ? first : Math.max(lastSeq + 1, first);
}

/** How much of its configured range a service has used today, 0–1 and above once numbers run past the end. */
export function rangeUse(lastSeq: number | undefined, range: readonly [number, number]): number {
  if (lastSeq === undefined || lastSeq < range[0]) return 0;
  return (lastSeq - range[0] + 1) / (range[1] - range[0] + 1);
}

/**
 * Numbers still held in the room when a new day starts: tickets carried over from an earlier
 * day (still waiting, called or in service) keep their numbers, so each service's new sequence
 * continues after the highest number of it still held — never A001 again while someone holds
 * A002. A transfer's continuation holds the number of the service that issued it, found by its
 * prefix. Answers the last sequence per issuing service (as if those numbers were issued today).
 */
export function heldSeqByService(
  held: Iterable<{ serviceId: string; seq: number; number: string }>,
  services: Iterable<{ id: string; prefix: string; numberRange: readonly [number, number] }>,
): Map<string, number> {
  const list = [...services];
  const last = new Map<string, number>();
  for (const t of held) {
    const issuer =
      list.find((s) => s.id === t.serviceId && formatNumber(s.prefix, t.seq, numberWidth(s.numberRange)) === t.number) ??
      list.find((s) => formatNumber(s.prefix, t.seq, numberWidth(s.numberRange)) === t.number);
    const id = issuer?.id ?? t.serviceId;
    last.set(id, Math.max(last.get(id) ?? t.seq, t.seq));
  }
  return last;
}
