/**
 * Child process holding a fleet of phones on the tracking page (kiosk /kiosk/track/{token}):
 * each an MQTT-over-WebSocket subscriber to board + calls, and each refreshing its track view
 * over REST by the page's rule (kiosk/src/lib/track.svelte.ts, mirrored here as the page is a
 * Svelte class): at once when a call names its number or the board shows its ticket changed at
 * a counter; otherwise at most once per 2 s (leading and trailing) on a board message that moved
 * its service (serviceMoved() of kiosk/src/lib/track-view.ts) — or, in mode 'every-board', on
 * any board message, as the page did before; and every 30 s in any case. Reports call arrivals
 * like screens-child.ts, and counts the GETs.
 *
 * argv: <wsUrl> <count> <restBase or -> <board topic> <calls topic>; tokens arrive over IPC.
 */
import { Screens } from './screens';

const [url, count, restBase, boardTopic, callsTopic] = process.argv.slice(2) as [string, string, string, string, string];
const POLL_MS = 30_000;
const THROTTLE_MS = 2_000;
const OFFSET = 100_000; // phone i reports as subscriber OFFSET + i, apart from the screens

interface Phone {
  token: string;
  number: string;
  serviceId: string;
  status: string;
  prev: Board | null;
  lastFetch: number;
  trailing?: ReturnType<typeof setTimeout>;
  inFlight: boolean;
  again: boolean;
}
const phones: Phone[] = [];
type Mode = 'off' | 'every-board' | 'service';
let mode: Mode = 'off';
let requests = 0;
let errors = 0;

async function refresh(p: Phone): Promise<void> {
  if (mode === 'off' || restBase === '-' || ['done', 'no_show', 'cancelled'].includes(p.status)) return;
  if (p.inFlight) {
    p.again = true;
    return;
  }
  p.inFlight = true;
  p.lastFetch = Date.now();
  requests++;
  try {
    const r = await fetch(`${restBase}/track/${encodeURIComponent(p.token)}`);
    if (!r.ok) errors++;
    const v = (await r.json()) as { status?: string };
    if (typeof v.status === 'string') p.status = v.status;
  } catch {
    errors++;
  } finally {
    p.inFlight = false;
  }
  if (p.again) {
    p.again = false;
    await refresh(p);
  }
}

function throttled(p: Phone): void {
  const wait = p.lastFetch + THROTTLE_MS - Date.now();
  if (wait <= 0) void refresh(p);
  else if (p.trailing === undefined)
    p.trailing = setTimeout(() => {
      p.trailing = undefined;
      void refresh(p);
    }, wait);
}

let batch: [number, string, string, number][] = [];
const flush = () => {
  if (batch.length > 0 && process.connected) process.send?.({ kind: 'arrivals', arrivals: batch });
  batch = [];
};
setInterval(flush, 20).unref();

interface Board {
  counters?: { current?: { number: string; serviceId: string } | null }[];
  services: { id: string; waiting: number; estimatedWaitSec: number; openCounters: number }[];
}
let lastText = '';
let lastBoard: Board | null = null;
/** serviceMoved() of kiosk/src/lib/track-view.ts. */
function serviceMoved(prev: Board | null, next: Board, serviceId: string): boolean {
  if (!prev) return true;
  const line = (b: Board) => {
    const s = b.services.find((x) => x.id === serviceId);
    return s ? [s.waiting, s.estimatedWaitSec, s.openCounters].join() : '';
  };
  const atCounters = (b: Board) =>
    (b.counters ?? []).map((c) => (c.current?.serviceId === serviceId ? c.current.number : '')).join();
  return line(prev) !== line(next) || atCounters(prev) !== atCounters(next);
}

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
    lastBoard = JSON.parse(text) as Board;
  }
  const board = lastBoard as Board;
  const prev = p.prev;
  p.prev = board;
  // boardNews() of kiosk/src/lib/track-view.ts.
  const atCounter = (board.counters ?? []).some((c) => c.current?.number === p.number);
  const news = p.status === 'called' || p.status === 'serving' ? !atCounter : p.status === 'waiting' && atCounter;
  if (news) void refresh(p);
  else if (mode === 'every-board' || serviceMoved(prev, board, p.serviceId)) throttled(p);
});
setInterval(() => {
  for (const p of phones) void refresh(p); // the page's 30 s poll (each phone on its own phase in life; here together)
}, POLL_MS).unref();

process.send?.({ kind: 'ready' });
process.on('message', (m: { kind: string; tickets?: { token: string; number: string; serviceId: string }[]; mode?: Mode }) => {
  if (m.kind === 'tickets')
    for (const t of m.tickets ?? [])
      phones.push({ ...t, status: 'waiting', prev: null, lastFetch: 0, inFlight: false, again: false });
  if (m.kind === 'rest') {
    mode = m.mode ?? 'off';
    requests = 0;
    errors = 0;
  }
  if (m.kind === 'count?') process.send?.({ kind: 'count', requests, errors, connected: fleet.connectedCount() });
  if (m.kind === 'close') {
    flush();
    for (const p of phones) clearTimeout(p.trailing);
    void fleet.close().then(() => process.exit(0));
  }
});
