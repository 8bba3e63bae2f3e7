/**
 * Tickets for the analytics tests, written the way one reads a day sheet: local clock times
 * ("09:05") in Asia/Shanghai (UTC+8, no DST), each transition an event. Not exported from the
 * package index.
 */
import type { Actor, Ticket, TicketEvent } from '../protocol';

export const TZ = 'Asia/Shanghai';
/** A Monday. */
export const DAY = '2026-03-02';

/** Epoch ms of a local time "HH:MM" or "HH:MM:SS" on `date` (Shanghai = UTC+8). */
export function at(clock: string, date = DAY): number {
  const [h, m, s] = clock.split(':').map(Number) as [number, number, number | undefined];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d, h - 8, m, s ?? 0);
}

const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const staff = (id: string): Actor => ({ type: 'staff', id });

export interface Spec {
  id: string;
  service?: string;
  priority?: string;
  date?: string;
  issued: string;
  /** Original arrival of a transfer continuation (defaults to `issued`). */
  arrival?: string;
  called?: string;
  counter?: string;
  staff?: string;
  started?: string;
  finished?: string;
  outcome?: string;
  noShow?: string;
  cancelled?: string;
  transferred?: { at: string; to: string };
  from?: string;
  identity?: string;
  masked?: string;
  kind?: 'id-card' | 'phone' | 'qr';
  number?: string;
  /** The visitor's rating 1–5 (from the counter's pad, at the end of the visit). */
  rating?: number;
}

export function tk(spec: Spec): Ticket {
  const date = spec.date ?? DAY;
  const events: TicketEvent[] = [{ type: 'issued', at: at(spec.issued, date), by: kiosk }];
  const counterId = spec.counter ?? '1';
  const by = staff(spec.staff ?? 's1');
  if (spec.called) events.push({ type: 'called', at: at(spec.called, date), by, counterId });
  if (spec.started) events.push({ type: 'started', at: at(spec.started, date), by, counterId });
  let status: Ticket['status'] = spec.called ? 'called' : 'waiting';
  if (spec.started) status = 'serving';
  if (spec.finished) {
    events.push({ type: 'finished', at: at(spec.finished, date), by, counterId });
    status = 'done';
  }
  if (spec.noShow) {
    events.push({ type: 'no_show', at: at(spec.noShow, date), by, counterId });
    status = 'no_show';
  }
  if (spec.cancelled) {
    events.push({ type: 'cancelled', at: at(spec.cancelled, date), by: kiosk, ...(spec.called ? { counterId } : {}) });
    status = 'cancelled';
  }
  if (spec.transferred) {
    events.push({ type: 'transferred', at: at(spec.transferred.at, date), by, counterId });
    status = 'transferred';
  }
  const service = spec.service ?? 'A';
  const t: Ticket = {
    id: spec.id,
    number: spec.number ?? `${service}${spec.id.replace(/\D/g, '').padStart(3, '0')}`,
    seq: 1,
    serviceId: service,
    businessDate: date,
    status,
    source: 'kiosk',
    priority: spec.priority ?? 'normal',
    lang: 'zh',
    issuedAt: at(spec.issued, date),
    arrivalAt: at(spec.arrival ?? spec.issued, date),
    recalls: 0,
    trackToken: `tok-${spec.id}`,
    events,
  };
  if (spec.called) {
    t.counterId = counterId;
    t.staffId = spec.staff ?? 's1';
  }
  if (spec.finished) t.outcome = spec.outcome ?? 'resolved';
  if (spec.transferred) t.transferredTo = spec.transferred.to;
  if (spec.from) t.transferredFrom = spec.from;
  if (spec.rating !== undefined)
    t.rating = { score: spec.rating, at: events[events.length - 1]?.at ?? t.issuedAt, source: 'pad', counterId };
  if (spec.identity)
    t.identity = { kind: spec.kind ?? 'id-card', hmac: spec.identity, masked: spec.masked ?? `${spec.identity}-masked` };
  return t;
}

/** The same ticket one day later (2026-03-03), rating included. */
export function nextDay(t: Ticket): Ticket {
  const d = 86_400_000;
  return {
    ...t,
    businessDate: '2026-03-03',
    issuedAt: t.issuedAt + d,
    arrivalAt: t.arrivalAt + d,
    events: t.events.map((e) => ({ ...e, at: e.at + d })),
    ...(t.rating ? { rating: { ...t.rating, at: t.rating.at + d } } : {}),
  };
}
