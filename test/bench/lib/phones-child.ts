/**
 * Child process holding a fleet of phones on the tracking page (kiosk /kiosk/track/{token}):
 * each an MQTT-over-WebSocket subscriber to board + calls, and each refreshing its track view
 * over REST by the page's rule (kiosk/src/lib/track.svelte.ts, mirrored here as the page is a
 * Svelte class): at once when a call names its number or the board shows its ticket changed at
 * a counter; otherwise at most once per 2 s on any board message (leading and trailing); and
 * every 30 s in any case. Reports call arrivals like screens-child.ts, and counts the GETs.
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
  status: string;
  lastFetch: number;
  trailing?: ReturnType<typeof setTimeout>;
  inFlight: boolean;
  again: boolean;
}
const phones: Phone[] = [];
let restOn = false;
let requests = 0;
let errors = 0;

async function refresh(p: Phone): Promise<void> {
  if (!restOn || restBase === '-' || ['done', 'no_show', 'cancelled'].includes(p.status)) return;
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
  const board = JSON.parse(payload.toString()) as { counters?: { current?: { number: string } | null }[] };
  // boardNews() of kiosk/src/lib/track-view.ts.
  const atCounter = (board.counters ?? []).some((c) => c.current?.number === p.number);
  const news = p.status === 'called' || p.status === 'serving' ? !atCounter : p.status === 'waiting' && atCounter;
  if (news) void refresh(p);
  else throttled(p);
});
setInterval(() => {
  for (const p of phones) void refresh(p); // the page's 30 s poll (each phone on its own phase in life; here together)
}, POLL_MS).unref();

process.send?.({ kind: 'ready' });
process.on('message', (m: { kind: string; tickets?: { token: string; number: string }[]; on?: boolean }) => {
  if (m.kind === 'tickets')
    for (const t of m.tickets ?? [])
      phones.push({ token: t.token, number: t.number, status: 'waiting', lastFetch: 0, inFlight: false, again: false });
  if (m.kind === 'rest') {
    restOn = m.on === true;
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
