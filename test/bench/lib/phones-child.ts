/**
 * Child process holding a fleet of phones on the tracking page (kiosk /kiosk/track/{token}): each an
 * MQTT-over-WebSocket subscriber, each refreshing its track view over REST by the page's own rule,
 * imported from kiosk/src/lib/track-refresh.ts (the page, track.svelte.ts, runs the same functions).
 *
 * What a phone follows (argv `follow`):
 * - 'line': the page now: its own service's line, `lines/<serviceId>` (the board cut to that service,
 *   sent only when it changed). A call reaches the phones of its service as the line showing the
 *   number at a counter; the others get nothing.
 * - 'board': the page until this bench's last change: the whole board and every call of the site.
 * Phone i's service is SERVICES[i % 3], as the bench issues the tickets (and the raw broker's
 * publisher sends the lines). REST ('page' mode): at once when its ticket changed at a counter or
 * was called again; after a random 0–1.5 s (at most once per 2 s) when its line moved; 30 s after
 * its last answer in any case. Reports call arrivals like screens-child.ts and counts the GETs.
 *
 * argv: <wsUrl> <count> <restBase or -> <siteId> <follow: line|board>; tokens arrive over IPC.
 */
import { type BoardSnapshot, type TrackView, topics } from '@callboard/hub/client';
import { boardStep, POLL_MS, soonWait, stepAfterAnswer } from '../../../kiosk/src/lib/track-refresh';
import { serveLag } from './fleet-child';
import { Screens } from './screens';
import { SERVICES } from './site';

const [url, count, restBase, siteId, follow] = process.argv.slice(2) as [string, string, string, string, 'line' | 'board'];
const OFFSET = 100_000; // phone i reports as subscriber OFFSET + i, apart from the screens
const callsTopic = topics.calls(siteId);
const serviceOf = (i: number) => SERVICES[i % SERVICES.length] as string;

interface Phone {
  token: string;
  number: string;
  serviceId: string;
  status: TrackView['status'];
  /** The board (or line) known at its last request. */
  seen: BoardSnapshot | null;
  /** The last board (or line) it received. */
  last: BoardSnapshot | null;
  lastFetch: number;
  /** When its poll is due (each phone on its own phase, as pages opened at different times). */
  pollAt: number;
  timer?: ReturnType<typeof setTimeout>;
  inFlight: boolean;
  again: boolean;
}
const phones: Phone[] = [];
let rest: 'off' | 'page' = 'off';
let requests = 0;
/** Why the phones asked: their ticket at a counter (`now`), their line moved (`soon`), the 30 s poll, or news during a request (`again`). */
type Why = 'now' | 'soon' | 'poll' | 'again';
let why: Record<Why, number> = { now: 0, soon: 0, poll: 0, again: 0 };
let errors = 0;

async function refresh(p: Phone, cause: Why): Promise<void> {
  if (rest === 'off' || restBase === '-' || ['done', 'no_show', 'cancelled'].includes(p.status)) return;
  if (p.inFlight) {
    p.again = true;
    return;
  }
  p.inFlight = true;
  p.lastFetch = Date.now();
  p.seen = p.last;
  clearTimeout(p.timer);
  p.timer = undefined;
  requests++;
  why[cause]++;
  try {
    const r = await fetch(`${restBase}/track/${encodeURIComponent(p.token)}`);
    if (!r.ok) errors++;
    const v = (await r.json()) as { status?: TrackView['status'] };
    if (v.status) p.status = v.status;
  } catch {
    errors++;
  } finally {
    p.inFlight = false;
    p.pollAt = Date.now() + POLL_MS;
  }
  // As the page: a line that came while the request was out is judged again against the answer.
  if (!p.again) act(p, stepAfterAnswer(p, p.seen, p.last));
  if (p.again) {
    p.again = false;
    await refresh(p, 'again');
  }
}

function onNews(p: Phone, board: BoardSnapshot): void {
  const step = boardStep(p, p.seen, board);
  p.last = board;
  act(p, step);
}

function act(p: Phone, step: 'now' | 'soon' | 'none'): void {
  if (step === 'now') void refresh(p, 'now');
  else if (step === 'soon' && p.timer === undefined)
    p.timer = setTimeout(
      () => {
        p.timer = undefined;
        void refresh(p, 'soon');
      },
      soonWait(p.lastFetch, Date.now()),
    );
}

let batch: [number, string, string, number][] = [];
const flush = () => {
  if (batch.length > 0 && process.connected) process.send?.({ kind: 'arrivals', arrivals: batch });
  batch = [];
};
setInterval(flush, 20).unref();

/**
 * Every phone parses its own copy in life; here one parse per distinct message, shared. For a line,
 * also the numbers it shows at a counter that its service's previous line did not (the calls it
 * brings: what a phone's arrival is timed by).
 */
const parsed = new Map<string, { board: BoardSnapshot; called: [string, string][] }>();
const previousLine = new Map<string, Set<string>>();
function parse(text: string, isLine: boolean): { board: BoardSnapshot; called: [string, string][] } {
  let hit = parsed.get(text);
  if (hit) return hit;
  const board = JSON.parse(text) as BoardSnapshot;
  const called: [string, string][] = [];
  if (isLine) {
    const serviceId = board.services[0]?.id ?? '';
    const before = previousLine.get(serviceId) ?? new Set();
    const now = new Set<string>();
    for (const c of board.counters ?? [])
      if (c.current) {
        now.add(c.current.number);
        if (!before.has(c.current.number)) called.push([c.current.number, c.id]);
      }
    previousLine.set(serviceId, now);
  }
  hit = { board, called };
  if (parsed.size > 200) parsed.clear();
  parsed.set(text, hit);
  return hit;
}

const subscriptions = (i: number) =>
  follow === 'line' ? [topics.line(siteId, serviceOf(i))] : [topics.board(siteId), callsTopic];
const fleet = await Screens.connect(url, Number(count), subscriptions);
fleet.onMessage((i, topic, payload, at) => {
  const p = phones[i];
  if (topic === callsTopic) {
    const call = JSON.parse(payload.toString()) as { number: string; counterId: string };
    batch.push([OFFSET + i, call.number, call.counterId, performance.timeOrigin + at]);
    if (p && call.number === p.number) void refresh(p, 'now');
    return;
  }
  const { board, called } = parse(payload.toString(), follow === 'line');
  for (const [number, counterId] of called) batch.push([OFFSET + i, number, counterId, performance.timeOrigin + at]);
  if (p) onNews(p, board);
});
setInterval(() => {
  const now = Date.now();
  for (const p of phones)
    if (p.pollAt <= now) {
      p.pollAt = now + POLL_MS;
      void refresh(p, 'poll');
    }
}, 100).unref();

serveLag();
process.send?.({ kind: 'ready' });
process.on(
  'message',
  (m: { kind: string; tickets?: { token: string; number: string; serviceId: string }[]; mode?: 'off' | 'page' }) => {
    if (m.kind === 'tickets')
      for (const t of m.tickets ?? [])
        phones.push({
          ...t,
          status: 'waiting',
          seen: null,
          last: null,
          lastFetch: 0,
          pollAt: Date.now() + Math.random() * POLL_MS,
          inFlight: false,
          again: false,
        });
    if (m.kind === 'rest') {
      rest = m.mode ?? 'off';
      requests = 0;
      why = { now: 0, soon: 0, poll: 0, again: 0 };
      errors = 0;
    }
    if (m.kind === 'count?') process.send?.({ kind: 'count', requests, errors, why, connected: fleet.connectedCount() });
    if (m.kind === 'close') {
      flush();
      for (const p of phones) clearTimeout(p.timer);
      void fleet.close().then(() => process.exit(0));
    }
  },
);
