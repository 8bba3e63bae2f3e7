/**
 * The chaos run: a hub as a child process on fixed ports under steady issue + call load,
 * SIGKILLed `kills` times at seeded-random moments and restarted on the same data dir. After
 * every restart, with the load paused: every acknowledged ticket is still there with its
 * number, every acknowledged call is still a call, and both screens have a board from the new
 * process within 5 s. Duplicate numbers and double calls are checked on every answer and on
 * every call the screens hear. Used by `npm run chaos` and, with 3 kills, by `npm test`.
 */
import { rmSync } from 'node:fs';
import { ApiError, HubClient } from '@callboard/hub/client';
import { type ChildServer, spawnHubOn } from '../bench/lib/hub-process';
import { Prng } from '../bench/lib/prng';
import { benchSitePatch } from '../bench/lib/site';
import { tempDir } from '../support/hub';
import { freePort } from '../support/ports';
import { Ledger } from './ledger';
import { Load } from './load';
import { ChaosScreens } from './screens';

export interface ChaosOptions {
  kills: number;
  seed: number;
  /** Load between restart and kill, uniformly drawn from this range (ms). */
  uptimeMs?: [number, number];
  kiosks?: number;
  clerks?: number;
  screenDeadlineMs?: number;
  log?: (line: string) => void;
}

export interface KillRecord {
  kill: number;
  /** How long the load ran before the kill. */
  uptimeMs: number;
  /** Requests in flight at the moment of SIGKILL (their fate is unknown to the clients). */
  inflight: number;
  ticketsAcked: number;
  callsAcked: number;
  restartMs: number;
  lost: number;
  lostCalls: number;
  duplicateNumbers: number;
  doubleCalls: number;
  /** Ms after the restarted hub answered /health until each screen had its board (null: not within the deadline). */
  boardTcpMs: number | null;
  boardWsMs: number | null;
}

export interface ChaosReport {
  seed: number;
  kills: KillRecord[];
  ledger: Ledger;
  durationSec: number;
  ok: boolean;
  loadStats: Load['stats'];
}

const SITE = 'demo';
const TZ = 'Asia/Shanghai';

/** Checks every acknowledged ticket and call against the restarted hub. */
export async function audit(hub: HubClient, ledger: Ledger): Promise<{ lost: number; lostCalls: number }> {
  let lost = 0;
  let lostCalls = 0;
  const called = new Set(ledger.calledIds());
  const ids = [...ledger.tickets.keys()];
  // Sixteen at a time: fast, without turning the check into a load test of its own.
  for (let i = 0; i < ids.length; i += 16) {
    await Promise.all(
      ids.slice(i, i + 16).map(async (id) => {
        const expected = ledger.tickets.get(id) as { number: string };
        try {
          const t = await hub.ticket(id);
          if (t.number !== expected.number) {
            lost++;
            ledger.violations.push({
              invariant: 'lost ticket',
              detail: `${id} came back as ${t.number}, not ${expected.number}`,
            });
          } else if (called.has(id) && t.status === 'waiting') {
            lostCalls++;
            ledger.violations.push({
              invariant: 'lost call',
              detail: `${t.number} was called (acknowledged) but is waiting again`,
            });
          }
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 404)) throw err;
          lost++;
          ledger.violations.push({
            invariant: 'lost ticket',
            detail: `${expected.number} (${id}) acknowledged, gone after restart`,
          });
        }
      }),
    );
  }
  return { lost, lostCalls };
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const rng = new Prng(opts.seed);
  const [minUp, maxUp] = opts.uptimeMs ?? [300, 2500];
  const deadline = opts.screenDeadlineMs ?? 5000;
  const dataDir = tempDir('cb-chaos-');
  const [port, mqttPort] = [await freePort(), await freePort()];
  const start = () => spawnHubOn({ dataDir, port, mqttPort, patch: benchSitePatch, healthTimeoutMs: 60_000 });

  const ledger = new Ledger(TZ);
  let server: ChildServer = await start();
  const baseUrl = server.baseUrl;
  const supervisor = new HubClient({ baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');
  const load = new Load(baseUrl, ledger, rng, {
    kiosks: opts.kiosks ?? 6,
    clerks: opts.clerks ?? 4,
    kioskPauseMs: 15,
    clerkPauseMs: 150,
  });
  await load.login();
  const screens = new ChaosScreens(`mqtt://127.0.0.1:${mqttPort}`, `ws://127.0.0.1:${port}/mqtt`, SITE, ledger);
  const kills: KillRecord[] = [];
  try {
    for (let k = 1; k <= opts.kills; k++) {
      const uptimeMs = rng.int(minUp, maxUp);
      load.start();
      await new Promise((r) => setTimeout(r, uptimeMs));
      const inflight = load.inflightCount;
      await server.stop('SIGKILL');
      await load.pause(); // the in-flight requests fail: their outcome is unknown to the client
      screens.forgetBoards();
      const before = { dup: ledger.count('duplicate number'), dbl: ledger.count('double call') };

      const spawnedAt = Date.now();
      server = await start();
      const readyAt = Date.now();
      const [boardTcpMs, boardWsMs] = await screens.recovery(spawnedAt, readyAt, deadline);
      for (const [name, ms] of [
        ['tcp', boardTcpMs],
        ['ws', boardWsMs],
      ] as const)
        if (ms === null || ms > deadline)
          ledger.violations.push({
            invariant: 'screen recovery',
            detail: `kill ${k}: ${name} screen had no board ${deadline} ms after restart`,
          });
      const { lost, lostCalls } = await audit(supervisor, ledger);
      const rec: KillRecord = {
        kill: k,
        uptimeMs,
        inflight,
        ticketsAcked: ledger.counts.ticketsAcked,
        callsAcked: ledger.counts.callsAcked,
        restartMs: Math.round(server.readyMs),
        lost,
        lostCalls,
        duplicateNumbers: ledger.count('duplicate number') - before.dup,
        doubleCalls: ledger.count('double call') - before.dbl,
        boardTcpMs,
        boardWsMs,
      };
      kills.push(rec);
      log(
        `kill ${String(k).padStart(2)} after ${String(uptimeMs).padStart(4)} ms (${String(inflight).padStart(2)} in flight): ` +
          `${rec.ticketsAcked} tickets / ${rec.callsAcked} calls acknowledged so far; restart ${rec.restartMs} ms; ` +
          `lost ${lost}, lost calls ${lostCalls}, dup numbers ${rec.duplicateNumbers}, double calls ${rec.doubleCalls}; ` +
          `board tcp ${boardTcpMs ?? '–'} ms, ws ${boardWsMs ?? '–'} ms`,
      );
    }
    // Load once more after the last restart: numbering and calling must carry on from what
    // survived (a restart that reissued A001 shows only when the next ticket is issued).
    load.start();
    await new Promise((r) => setTimeout(r, maxUp));
    await load.pause();
    await audit(supervisor, ledger);
  } finally {
    await load.stop();
    await screens.close();
    await server.stop('SIGTERM');
  }
  rmSync(dataDir, { recursive: true, force: true });
  return {
    seed: opts.seed,
    kills,
    ledger,
    durationSec: (Date.now() - started) / 1000,
    ok: ledger.violations.length === 0 && kills.length === opts.kills,
    loadStats: load.stats,
  };
}
