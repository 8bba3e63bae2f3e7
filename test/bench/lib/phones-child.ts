/**
 * Child process holding a fleet of phones on the tracking page (kiosk /kiosk/track/{token}):
 * each an MQTT-over-WebSocket subscriber to board + calls, and each refreshing its track view
 * over REST. Mode 'page': by the page's own rule, imported from kiosk/src/lib/track-refresh.ts
 * (the page, track.svelte.ts, runs the same functions): at once when a call names its number or
 * the board shows its ticket changed at a counter; after a random 0–1.5 s (and at most once per
 * 2 s) on a board that moved its service; and 30 s after its last answer in any case. Modes
 * 'every-board' and 'moved' are the page's earlier rules, kept to measure what each change saved:
 * at most once per 2 s (leading and trailing, no spread) on any board message, or on one that
 * changed its service's figures or numbers at the counters from the previous board; with a poll
 * every 30 s on the phone's own phase. Reports call arrivals like screens-child.ts, counts the GETs.
 *
 * argv: <wsUrl> <count> <restBase or -> <board topic> <calls topic>; tokens arrive over IPC.
 */
import type { BoardSnapshot, TrackView } from '@callboard/hub/client';
import { boardStep, POLL_MS, soonWait, THROTTLE_MS } from '../../../kiosk/src/lib/track-refresh';
import { serveLag } from './fleet-child';
import { Screens } from './screens';

const [url, count, restBase, boardTopic, callsTopic] = process.argv.slice(2) as [string, string, string, string, string];
const OFFSET = 100_000; // phone i reports as subscriber OFFSET + i, apart from the screens

interface Phone {
  token: string;
  number: string;
  serviceId: string;
  status: TrackView['status'];
  /** Mode 'page': the board known at its last request; earlier modes: the previous board. */
  seen: BoardSnapshot | null;
  lastFetch: number;
  /** When its poll is due (each phone on its own phase, as pages opened at different times). */
  pollAt: number;
  timer?: ReturnType<typeof setTimeout>;
  inFlight: boolean;
  again: boolean;
}
const phones: Phone[] = [];
type Mode = 'off' | 'every-board' | 'moved' | 'page';
let mode: Mode = 'off';
let requests = 0;
let errors = 0;
let lastBoard: BoardSnapshot | null = null;

async function refresh(p: Phone): Promise<void> {
  if (mode === 'off' || restBase === '-' || ['done', 'no_show', 'cancelled'].includes(p.status)) return;
  if (p.inFlight) {
    p.again = true;
    return;
  }
  p.inFlight = true;
  p.lastFetch = Date.now();
  if (mode === 'page') {
    p.seen = lastBoard;
    clearTimeout(p.timer);
    p.timer = undefined;
  }
  requests++;
  try {
    const r = await fetch(`${restBase}/track/${encodeURIComponent(p.token)}`);
    if (!r.ok) errors++;
    const v = (await r.json()) as { status?: TrackView['status'] };
    if (v.status) p.status = v.status;
  } catch {
    errors++;
  } finally {
    p.inFlight = false;
    if (mode === 'page') p.pollAt = Date.now() + POLL_MS;
  }
  if (p.again) {
    p.again = false;
    await refresh(p);
  }
}

/** Mode 'page': after soonWait(); earlier modes: leading and trailing throttle. */
function later(p: Phone): void {
  if (p.timer !== undefined) return;
  const wait = mode === 'page' ? soonWait(p.lastFetch, Date.now()) : p.lastFetch + THROTTLE_MS - Date.now();
  if (wait <= 0) void refresh(p);
  else
    p.timer = setTimeout(() => {
      p.timer = undefined;
      void refresh(p);
    }, wait);
}

let batch: [number, string, string, number][] = [];
const flush = () => {
  if (batch.length > 0 && process.connected) process.send?.({ kind: 'arrivals', arrivals: batch });
  batch = [];
};
setInterval(flush, 20).unref();

/** The page's rule at commit 1df5fb8 (mode 'moved'): any change of its line's figures or its numbers at the counters. */
function movedBefore(prev: BoardSnapshot | null, next: BoardSnapshot, serviceId: string): boolean {
  if (!prev) return true;
  const line = (b: BoardSnapshot) => {
    const s = b.services.find((x) => x.id === serviceId);
    return s ? [s.waiting, s.estimatedWaitSec, s.openCounters].join() : '';
  };
  const atCounters = (b: BoardSnapshot) =>
    (b.counters ?? []).map((c) => (c.current?.serviceId === serviceId ? c.current.number : '')).join();
  return line(prev) !== line(next) || atCounters(prev) !== atCounters(next);
}

let lastText = '';
const fleet = await Screens.connect(url, Number(count), [boardTopic, callsTopic]);
fleet.onMessage((i, topic, payload, at) => {
  const p = phones[i];
  if (topic === callsTopic) {
    const call = JSON.parse(payload.toString()) as { number: string; counterId: string };
    batch.push([OFFSET + i, call.number, call.counterId, performance.timeOrigin + at]);
    if (p && call.number === p.number) void refresh(p);
    return;
  }
  if (!p) return;
  // Every phone parses its own copy in life; here one parse per distinct board, shared.
  const text = payload.toString();
  if (text !== lastText) {
    lastText = text;
    lastBoard = JSON.parse(text) as BoardSnapshot;
  }
  const board = lastBoard as BoardSnapshot;
  if (mode === 'page') {
    const step = boardStep(p, p.seen, board);
    if (step === 'now') void refresh(p);
    else if (step === 'soon') later(p);
    return;
  }
  const prev = p.seen;
  p.seen = board;
  // boardNews() of kiosk/src/lib/track-refresh.ts (the same in every mode).
  if (boardStep(p, null, board) === 'now') void refresh(p);
  else if (mode === 'every-board' || movedBefore(prev, board, p.serviceId)) later(p);
});
setInterval(() => {
  const now = Date.now();
  for (const p of phones)
    if (p.pollAt <= now) {
      // The earlier pages polled every 30 s from their opening; the page now 30 s after its last answer.
      p.pollAt = mode === 'page' ? now + POLL_MS : p.pollAt + POLL_MS;
      void refresh(p);
    }
}, 100).unref();

serveLag();
process.send?.({ kind: 'ready' });
process.on('message', (m: { kind: string; tickets?: { token: string; number: string; serviceId: string }[]; mode?: Mode }) => {
  if (m.kind === 'tickets')
    for (const t of m.tickets ?? [])
      phones.push({
        ...t,
        status: 'waiting',
        seen: null,
        lastFetch: 0,
        pollAt: Date.now() + Math.random() * POLL_MS,
        inFlight: false,
        again: false,
      });
  if (m.kind === 'rest') {
    mode = m.mode ?? 'off';
    requests = 0;
    errors = 0;
  }
  if (m.kind === 'count?') process.send?.({ kind: 'count', requests, errors, connected: fleet.connectedCount() });
  if (m.kind === 'close') {
    flush();
    for (const p of phones) clearTimeout(p.timer);
    void fleet.close().then(() => process.exit(0));
  }
});
