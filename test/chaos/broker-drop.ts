/**
 * Fault: the external broker dies under a running hub (SIGKILL of mosquitto) and comes back on
 * the same port, empty. The hub must keep serving REST, report `degraded` on /health while the
 * broker is gone, reconnect by itself, and publish the retained board again: a screen that
 * reconnects shows a call made during the outage (busy outage), and a screen that connects
 * afterwards gets a board even when nothing changed during the outage (quiet outage: only the
 * hub's republish on reconnect can put it there).
 */
import { HubClient, LiveClient } from '@callboard/hub/client';
import { spawnHubOn } from '../bench/lib/hub-process';
import { benchSitePatch } from '../bench/lib/site';
import { tempDir } from '../support/hub';
import { freePort } from '../support/ports';
import { HUB_USER, Mosquitto } from './mosquitto';

export interface DropRecord {
  drop: number;
  /** Ms from SIGKILL of the broker to /health saying degraded (null: never within the limit). */
  degradedMs: number | null;
  /** A ticket issued and a call made while the broker was down were acknowledged. */
  restDuringOutage: boolean;
  /** Ms from the broker listening again to /health saying ok. */
  reconnectMs: number | null;
  /** Ms from the broker listening again to the screen showing the call made during the outage (busy outages). */
  boardMs: number | null;
  /** Whether anything happened during the outage: odd drops are busy, even drops quiet. */
  busy: boolean;
  /** Ms for a screen that connects after the broker came back to get the retained board. */
  freshScreenMs: number | null;
}

const HUB_PASSWORD = 'chaos-hub-password';
const LIMIT_MS = 10_000;

async function until<T>(probe: () => Promise<T | null>, limitMs: number): Promise<T | null> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/** A screen connecting now: ms from `since` until the retained board arrives (null: not within 5 s). */
async function freshScreen(url: string, since: number): Promise<number | null> {
  const s = new LiveClient({ url, siteId: 'demo', reconnectPeriodMs: 0 });
  try {
    const got = new Promise<boolean>((resolve) => {
      s.on((e) => e.kind === 'board' && resolve(true));
      setTimeout(() => resolve(false), 5000);
    });
    await new Promise<void>((resolve) => s.mqtt.once('connect', () => resolve()));
    await s.subscribe({ board: true });
    return (await got) ? Date.now() - since : null;
  } finally {
    await s.close();
  }
}

export async function runBrokerDrop(opts: { bin: string; drops: number; log?: (l: string) => void }): Promise<DropRecord[]> {
  const log = opts.log ?? (() => {});
  const broker = await Mosquitto.start({ bin: opts.bin, hubPassword: HUB_PASSWORD, devices: [] });
  const [port, mqttPort] = [await freePort(), await freePort()];
  const hub = await spawnHubOn({
    dataDir: tempDir('cb-chaos-broker-'),
    port,
    mqttPort,
    patch: benchSitePatch,
    env: { MQTT_URL: broker.url, MQTT_USERNAME: HUB_USER, MQTT_PASSWORD: HUB_PASSWORD },
  });
  const screen = new LiveClient({ url: broker.url, siteId: 'demo', reconnectPeriodMs: 1000 });
  let lastBoardCall: string | undefined;
  screen.on((e) => {
    if (e.kind === 'board') lastBoardCall = e.board.calls[0]?.number;
  });
  screen.mqtt.on('connect', () => void screen.subscribe({ board: true }).catch(() => {}));
  const client = new HubClient({ baseUrl: hub.baseUrl });
  await client.login('supervisor', 'callboard-demo');
  const health = async (want: 'ok' | 'degraded') => {
    const res = await fetch(`${hub.baseUrl}/api/v1/health`);
    const body = (await res.json()) as { status: string };
    return body.status === want ? true : null;
  };
  const records: DropRecord[] = [];
  try {
    for (let d = 1; d <= opts.drops; d++) {
      await client.issueTicket({ serviceId: 'A' });
      const killedAt = Date.now();
      await broker.stop('SIGKILL');
      const degraded = await until(() => health('degraded'), LIMIT_MS);
      const degradedMs = degraded ? Date.now() - killedAt : null;
      const busy = d % 2 === 1;
      let restDuringOutage = !busy;
      let outageCall = '';
      if (busy)
        try {
          await client.issueTicket({ serviceId: 'A' });
          outageCall = (await client.callNext('3')).number; // counter 3 serves A (lib/site.ts)
          restDuringOutage = true;
        } catch (err) {
          log(`drop ${d}: REST failed during the outage: ${(err as Error).message}`);
        }
      await new Promise((r) => setTimeout(r, 500));
      await broker.restart();
      const backAt = Date.now();
      const ok = await until(() => health('ok'), LIMIT_MS);
      const reconnectMs = ok ? Date.now() - backAt : null;
      const shown = busy ? await until(async () => (lastBoardCall === outageCall ? true : null), LIMIT_MS) : null;
      const boardMs = shown ? Date.now() - backAt : null;
      const freshScreenMs = await freshScreen(broker.url, backAt);
      records.push({ drop: d, busy, degradedMs, restDuringOutage, reconnectMs, boardMs, freshScreenMs });
      log(
        `broker drop ${d} (${busy ? 'busy' : 'quiet'}): degraded after ${degradedMs ?? '–'} ms; ` +
          `${busy ? `REST during outage ${restDuringOutage ? 'ok' : 'FAILED'}; ` : ''}hub reconnected ${reconnectMs ?? '–'} ms; ` +
          `${busy ? `screen showed ${outageCall || '–'} ${boardMs ?? '–'} ms, ` : ''}new screen got a board ${freshScreenMs ?? '–'} ms after the broker came back`,
      );
    }
  } finally {
    await screen.close();
    await hub.stop();
    await broker.stop();
  }
  return records;
}

/** Every promise of the fault held (limits are generous: the figures are reported, not judged). */
export const dropOk = (r: DropRecord) =>
  r.degradedMs !== null &&
  r.restDuringOutage &&
  r.reconnectMs !== null &&
  (!r.busy || r.boardMs !== null) &&
  r.freshScreenMs !== null;
