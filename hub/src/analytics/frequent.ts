/**
 * Frequent visitors over a period (masked identities only) and the drill-down rows of repeat
 * pairs. Two passes over the day chunks: count visits per identity key, then collect the
 * visits of the few identities that made the list; labels (masked identity, ticket number)
 * are decoded only for the days those rows are in.
 */
import type { FrequentVisitor, RepeatPair, VisitView } from '../protocol/reports';
import type { PairRef, RepeatEngine } from './repeats';
import { DONE, KIND_CODES, type VisitChunk, visitAt } from './visit-chunk';
import type { Visit } from './visits';

export function visitView(v: Visit): VisitView {
  return {
    date: v.date,
    number: v.number,
    serviceId: v.serviceId,
    finalServiceId: v.finalServiceId,
    // Whole milliseconds, as the API promises, even if an imported history had fractions.
    arrivalAt: Math.round(v.arrivalAt),
    endedAt: v.endedAt === null ? null : Math.round(v.endedAt),
    status: v.status,
    outcome: v.outcome ?? null,
    staffId: v.staffId ?? null,
    counterId: v.counterId ?? null,
    ...(v.channel ? { channel: v.channel } : {}),
  };
}

/** Newest repeats first, `offset`/`limit` applied before anything is decoded. */
export function pairPage(engine: RepeatEngine, offset: number, limit: number): RepeatPair[] {
  const refs: PairRef[] = engine.pairs
    .slice()
    .reverse()
    .slice(offset, offset + limit);
  return refs.map((p) => {
    const a = engine.locate(p.first);
    const b = engine.locate(p.repeat);
    const first = visitAt(a.chunk, a.row);
    return {
      identityMasked: first.masked,
      identityKind: first.kind,
      first: visitView(first),
      repeat: visitView(visitAt(b.chunk, b.row)),
      gapHours: Math.round((p.gapMs / 3_600_000) * 100) / 100,
    };
  });
}

export function frequentVisitors(
  chunks: readonly VisitChunk[],
  p: { from: string; to: string; minVisits: number; limit: number },
): FrequentVisitor[] {
  const inRange = chunks.filter((c) => c.date >= p.from && c.date <= p.to);
  // Count visits per identity by sorting all keys (native typed-array sort; a Map of a million
  // identities would cost seconds of garbage collection), then keep the runs that qualify.
  const keys = new Float64Array(inRange.reduce((n, c) => n + c.n, 0));
  let k = 0;
  for (const c of inRange) {
    keys.set(c.key, k);
    k += c.n;
  }
  keys.sort();
  const runs: [number, number][] = [];
  for (let i = 0; i < keys.length; ) {
    let j = i + 1;
    while (j < keys.length && keys[j] === keys[i]) j++;
    if (j - i >= p.minVisits) runs.push([j - i, keys[i] as number]);
    i = j;
  }
  // Only the top `limit` by visits can be listed, plus those tied with the last (ties go to
  // whoever came most recently, which needs their visits).
  runs.sort((a, b) => b[0] - a[0]);
  const floor = runs.length > p.limit ? (runs[p.limit - 1] as [number, number])[0] : 0;
  const chosen = new Map<number, { rows: [VisitChunk, number][]; served: number; last: number }>();
  for (const [n, key] of runs) if (n >= floor) chosen.set(key, { rows: [], served: 0, last: 0 });
  // Membership by binary search over a sorted Float64Array: a Map lookup per row would box each
  // 52-bit key (not a small integer) — a million short-lived heap numbers.
  const wanted = Float64Array.from(chosen.keys()).sort();
  const isWanted = (key: number) => {
    let lo = 0;
    let hi = wanted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = wanted[mid] as number;
      if (k === key) return true;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  for (const c of inRange)
    for (let i = 0; i < c.n; i++) {
      const key = c.key[i] as number;
      if (!isWanted(key)) continue;
      const entry = chosen.get(key);
      if (!entry) continue;
      entry.rows.push([c, i]);
      if ((c.status[i] as number) === DONE) entry.served++;
      entry.last = Math.max(entry.last, c.arrival[i] as number);
    }
  return [...chosen.values()]
    .sort((a, b) => b.rows.length - a.rows.length || b.last - a.last)
    .slice(0, p.limit)
    .map((e) => {
      const history = e.rows.map(([c, i]) => visitAt(c, i));
      const [c0, i0] = e.rows[0] as [VisitChunk, number];
      return {
        identityMasked: history[0]?.masked ?? '',
        identityKind: KIND_CODES[c0.kind[i0] as number] ?? 'id-card',
        visits: e.rows.length,
        served: e.served,
        lastVisitAt: Math.round(e.last),
        history: history.map(visitView),
      };
    });
}
