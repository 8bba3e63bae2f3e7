/**
 * Writes a data dir as a busy site would leave it, straight through the hub's own Store class
 * and its own day-close code (fast: no HTTP, no scrypt), so start-up can be measured with a
 * full day of tickets and with a year of closed days already moved to archive/.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, Ticket } from '@callboard/hub/protocol';
import { callTicket, finishTicket, formatNumber, newTicket, noShowTicket, startTicket } from '@callboard/hub/queue';
import { businessDate } from '@callboard/hub/time';
import { reportDaySummariser } from '../../../hub/src/analytics/history/day-close';
import { archivePastDays, SCHEMA_VERSION, Store, writeSchemaVersion } from '../../../hub/src/store';
import { VERSION } from '../../../hub/src/version';
import { COUNTERS, SERVICES } from './site';

const TZ = 'Asia/Shanghai';
const DAY_MS = 24 * 3600 * 1000;
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const clerk: Actor = { type: 'staff', id: 'bench-clerk' };

/**
 * `count` tickets of one business day, issued evenly over `spanMs` ending at `endAt`.
 * Tickets issued in the last `openShare` of the day are still waiting; the rest were called
 * and served (one in twenty a no-show), like a site at mid-afternoon.
 */
export function dayOfTickets(day: string, count: number, endAt: number, spanMs: number, openShare: number): Ticket[] {
  const seq = new Map<string, number>();
  const tickets: Ticket[] = [];
  const step = spanMs / count;
  for (let i = 0; i < count; i++) {
    const serviceId = SERVICES[i % SERVICES.length] as string;
    const n = (seq.get(serviceId) ?? 0) + 1;
    seq.set(serviceId, n);
    const at = Math.round(endAt - spanMs + i * step);
    let t = newTicket({
      id: randomUUID(),
      serviceId,
      seq: n,
      number: formatNumber(serviceId, n, 5),
      businessDate: day,
      source: 'kiosk',
      priority: 'normal',
      lang: 'zh',
      ...(i % 5 === 0
        ? { identity: { kind: 'phone' as const, hmac: randomUUID().replaceAll('-', ''), masked: '138****5678' } }
        : {}),
      trackToken: randomUUID().replaceAll('-', ''),
      at,
      by: kiosk,
    });
    if (i < count * (1 - openShare)) {
      const counterId = String((i % COUNTERS) + 1);
      t = callTicket(t, { counterId, by: clerk, at: at + 600_000 });
      t = i % 20 === 0 ? noShowTicket(t, { by: clerk, at: at + 660_000 }) : startTicket(t, { by: clerk, at: at + 630_000 });
      if (t.status === 'serving') t = finishTicket(t, { by: clerk, at: at + 900_000, outcome: 'resolved' });
    }
    tickets.push(t);
  }
  return tickets;
}

async function insertAll(store: Store, tickets: Ticket[]): Promise<void> {
  for (let i = 0; i < tickets.length; i += 5000)
    await store.tickets.insertAsync(tickets.slice(i, i + 5000).map((t) => ({ ...t, _id: t.id })));
}

/** Seeds `dataDir` (a new, empty folder) and returns the business date it used as today. */
export async function seedDataDir(
  dataDir: string,
  opts: { today: number; yearDays: number; perPastDay: number },
): Promise<string> {
  const now = Date.now();
  const today = businessDate(now, TZ);
  // Mark the data as current: a data dir without a version is taken for first-release data
  // and migrated (with a full backup) at start-up, which is not what is being measured.
  await writeSchemaVersion(dataDir, SCHEMA_VERSION, VERSION, now);
  const store = await Store.open(dataDir);
  try {
    // Past days a month at a time, closed by the hub's own day-close code, as if the hub had
    // archived them night after night.
    for (let d = opts.yearDays; d > 0; d -= 30) {
      const batch: Ticket[] = [];
      for (let k = d; k > Math.max(0, d - 30); k--) {
        const end = now - k * DAY_MS;
        batch.push(...dayOfTickets(businessDate(end, TZ), opts.perPastDay, end, 8 * 3600_000, 0));
      }
      await insertAll(store, batch);
      await archivePastDays(dataDir, store.tickets, today, now, reportDaySummariser(dataDir));
    }
    // Spread today's tickets over the hours since the day began (at most 9 h), never in the future.
    const sinceMidnight = Math.max(60_000, now - dayStart(now));
    await insertAll(store, dayOfTickets(today, opts.today, now - 1000, Math.min(9 * 3600_000, sinceMidnight - 1000), 0.02));
  } finally {
    await store.close();
  }
  return today;
}

/** Epoch ms of the start of the business day holding `at` (site time zone). */
function dayStart(at: number): number {
  const day = businessDate(at, TZ);
  let lo = at - DAY_MS;
  let hi = at;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessDate(mid, TZ) === day) hi = mid;
    else lo = mid;
  }
  return hi;
}
