/**
 * Phone contacts in the reports (docs/phone.md, docs/analytics.md "Across channels"):
 *
 * - For the repeat-contact analysis, a call that rang at a desk (`inbound`) with a known caller
 *   is a contact of that caller: the keyed HMAC of the number is the same as a phone identity's
 *   on a ticket or an appointment (hashing is one function, `protectIdentity`), so the call and
 *   the person's visits with that number are one identity — the link the screen-pop's "earlier
 *   visits" uses. An answered call is a served contact (its service if the PBX said it, its
 *   clerk, ended when the call ended); an abandoned one is a contact that came back, never a
 *   served one. The rows are merged into the day's visit chunk at report time, marked as the
 *   `phone` channel; nothing is written to the day files.
 * - Per hour of the day (site time): abandoned ÷ offered inbound calls, by the hour the call
 *   began; callbacks answered ÷ callbacks ended (answered + unreachable), by the hour it ended.
 *
 * Pure: contacts and the zone are arguments.
 */
import type { PhoneContact, PhoneHourRow } from '../protocol';
import { localMinutesAndWeekday } from '../time';
import { Dict, emptyChunk, NONE, type VisitChunk, type VisitLabel, visitsToChunk } from './visit-chunk';
import type { Visit } from './visits';

/** The inbound calls with a known caller, as visits of the `phone` channel. */
export function callVisits(contacts: readonly PhoneContact[]): Visit[] {
  const out: Visit[] = [];
  for (const c of contacts) {
    if (c.kind !== 'inbound' || !c.callerHmac) continue;
    const answered = c.outcome === 'answered';
    const v: Visit = {
      hmac: c.callerHmac,
      kind: 'phone',
      masked: c.callerMasked ?? '',
      date: c.businessDate,
      number: '',
      serviceId: c.serviceId ?? '',
      finalServiceId: c.serviceId ?? '',
      arrivalAt: c.startedAt,
      endedAt: answered ? c.endedAt : null,
      status: answered ? 'done' : 'cancelled',
      outcome: c.outcome,
      channel: 'phone',
    };
    if (c.staffId !== undefined) v.staffId = c.staffId;
    out.push(v);
  }
  return out;
}

/** The day's chunk with its calls merged in by arrival (a visit first at the same instant). */
export function withCalls(chunk: VisitChunk | undefined, date: string, calls: readonly Visit[]): VisitChunk {
  const phone = visitsToChunk(date, calls);
  if (!chunk || chunk.n === 0) return { ...phone, channel: new Uint8Array(phone.n).fill(1) };
  if (phone.n === 0) return chunk;
  const rows: [VisitChunk, number, number][] = [];
  let a = 0;
  let b = 0;
  while (a < chunk.n || b < phone.n) {
    const takeVisit = b >= phone.n || (a < chunk.n && (chunk.arrival[a] as number) <= (phone.arrival[b] as number));
    rows.push(takeVisit ? [chunk, a++, chunk.channel?.[a - 1] ?? 0] : [phone, b++, 1]);
  }
  const services = new Dict();
  const staff = new Dict();
  const outcomes = new Dict();
  const counters = new Dict();
  const out = emptyChunk(date, rows.length);
  const channel = new Uint8Array(rows.length);
  const labels: [VisitChunk, number][] = [];
  const pick = (list: readonly string[], i: number) => (i === NONE ? undefined : list[i]);
  rows.forEach(([src, i, ch], j) => {
    out.key[j] = src.key[i] as number;
    out.arrival[j] = src.arrival[i] as number;
    out.end[j] = src.end[i] as number;
    out.first[j] = services.of(pick(src.services, src.first[i] as number));
    out.last[j] = services.of(pick(src.services, src.last[i] as number));
    out.staff[j] = staff.of(pick(src.staffIds, src.staff[i] as number));
    out.outcome[j] = outcomes.of(pick(src.outcomes, src.outcome[i] as number));
    out.counter[j] = counters.of(pick(src.counters, src.counter[i] as number));
    out.status[j] = src.status[i] as number;
    out.kind[j] = src.kind[i] as number;
    channel[j] = ch;
    labels.push([src, i]);
  });
  return {
    ...out,
    services: services.list,
    staffIds: staff.list,
    outcomes: outcomes.list,
    counters: counters.list,
    channel,
    label: (i): VisitLabel => {
      const at = labels[i];
      return at ? at[0].label(at[1]) : { masked: '', number: '' };
    },
  };
}

/** Per hour of the day: abandoned-call and callback success rates; the total last (hour −1). */
export function phoneHours(contacts: readonly PhoneContact[], timeZone: string): PhoneHourRow[] {
  const rows = new Map<number, PhoneHourRow>();
  const total = emptyRow(-1);
  const row = (hour: number) => {
    let r = rows.get(hour);
    if (!r) {
      r = emptyRow(hour);
      rows.set(hour, r);
    }
    return r;
  };
  const hourOf = (at: number) => Math.floor(localMinutesAndWeekday(at, timeZone).minutes / 60);
  for (const c of contacts) {
    if (c.kind === 'inbound') {
      for (const r of [row(hourOf(c.startedAt)), total]) {
        r.offered++;
        if (c.outcome === 'answered') r.answered++;
        else r.abandoned++;
      }
    } else if (c.outcome === 'answered' || c.outcome === 'unreachable') {
      for (const r of [row(hourOf(c.endedAt)), total]) {
        r.callbacksEnded++;
        if (c.outcome === 'answered') r.callbacksAnswered++;
      }
    }
  }
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
  return [...[...rows.values()].sort((x, y) => x.hour - y.hour), total].map((r) => ({
    ...r,
    abandonRate: rate(r.abandoned, r.offered),
    callbackSuccessRate: rate(r.callbacksAnswered, r.callbacksEnded),
  }));
}

function emptyRow(hour: number): PhoneHourRow {
  return {
    hour,
    offered: 0,
    answered: 0,
    abandoned: 0,
    abandonRate: null,
    callbacksEnded: 0,
    callbacksAnswered: 0,
    callbackSuccessRate: null,
  };
}
