/**
 * Power cuts under load: the hub's data dir on the power-cut file system
 * (test/powercut/powercut_fs.py), steady issue + call load, then at a seeded-random moment
 * the power goes — every write not yet fsynced is undone and the file system freezes — the
 * hub is SIGKILLed, the file system remounted (the machine is back) and the hub restarted.
 * After each restart, with the load paused: every acknowledged ticket is there with its
 * number, every acknowledged call is still a call, no number was given twice, and the store
 * opened (a repair is allowed if the hub logs it; refusing to start is a violation).
 * Used by `npm run chaos` (10 cuts) and, with 2 cuts, by `npm test`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { HubClient } from '@callboard/hub/client';
import { type ChildServer, spawnHubOn } from '../bench/lib/hub-process';
import { Prng } from '../bench/lib/prng';
import { benchSitePatch } from '../bench/lib/site';
import { type CutReport, PowerCutFs } from '../powercut/powercut-fs';
import { tempDir } from '../support/hub';
import { freePort } from '../support/ports';
import { audit } from './chaos';
import { Ledger } from './ledger';
import { Load } from './load';

export interface PowerCutOptions {
  cuts: number;
  seed: number;
  /** Load between restart and cut, uniformly drawn from this range (ms). */
  uptimeMs?: [number, number];
  kiosks?: number;
  clerks?: number;
  log?: (line: string) => void;
}

export interface CutRecord {
  cut: number;
  uptimeMs: number;
  inflight: number;
  /** What the cut undid: files with un-fsynced data, bytes, name changes. */
  discarded: CutReport;
  ticketsAcked: number;
  callsAcked: number;
  restartMs: number | null;
  /** The hub's "store repaired" log lines after this restart. */
  repairs: number;
  lost: number;
  lostCalls: number;
  /** Numbers given to a second visitor after this cut. */
  reused: string[];
}

export interface PowerCutReport {
  seed: number;
  cuts: CutRecord[];
  ledger: Ledger;
  durationSec: number;
  ok: boolean;
}

const TZ = 'Asia/Shanghai';

export async function runPowerCuts(opts: PowerCutOptions): Promise<PowerCutReport> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const rng = new Prng(opts.seed);
  const [minUp, maxUp] = opts.uptimeMs ?? [500, 3000];
  const fs = await PowerCutFs.create();
  const dataDir = path.join(fs.mountpoint, 'data');
  mkdirSync(dataDir);
  const configDir = tempDir('cb-powercut-config-');
  const [port, mqttPort] = [await freePort(), await freePort()];
  const start = () => spawnHubOn({ dataDir, configDir, port, mqttPort, patch: benchSitePatch, healthTimeoutMs: 60_000 });

  const ledger = new Ledger(TZ);
  const cuts: CutRecord[] = [];
  let server: ChildServer | null = await start();
  const baseUrl = server.baseUrl;
  const supervisor = new HubClient({ baseUrl });
  const load = new Load(baseUrl, ledger, rng, {
    kiosks: opts.kiosks ?? 6,
    clerks: opts.clerks ?? 4,
    kioskPauseMs: 15,
    clerkPauseMs: 150,
  });
  // Sessions are store records too: signed in again after every restart, in case one was lost.
  const signIn = () => Promise.all([supervisor.login('supervisor', 'callboard-demo'), load.login()]);
  await signIn();
  try {
    for (let c = 1; c <= opts.cuts; c++) {
      const uptimeMs = rng.int(minUp, maxUp);
      load.start();
      await new Promise((r) => setTimeout(r, uptimeMs));
      const inflight = load.inflightCount;
      const discarded = await fs.cut();
      await server.stop('SIGKILL');
      server = null;
      await load.pause();
      await fs.remount();
      const dupsBefore = ledger.violations.filter((v) => v.invariant === 'duplicate number').length;
      try {
        server = await start();
      } catch (err) {
        ledger.violations.push({
          invariant: 'store refused to start',
          detail: `cut ${c}: ${(err as Error).message.slice(0, 400)}`,
        });
        cuts.push({
          cut: c,
          uptimeMs,
          inflight,
          discarded,
          ticketsAcked: 0,
          callsAcked: 0,
          restartMs: null,
          repairs: 0,
          lost: 0,
          lostCalls: 0,
          reused: [],
        });
        break;
      }
      const repairs = server
        .output()
        .split('\n')
        .filter((l) => l.includes('store repaired')).length;
      await signIn();
      const { lost, lostCalls } = await audit(supervisor, ledger);
      // A lost number shows as reused only once it is issued again: a little load first.
      load.start();
      await new Promise((r) => setTimeout(r, 300));
      await load.pause();
      const reused = ledger.violations
        .filter((v) => v.invariant === 'duplicate number')
        .slice(dupsBefore)
        .map((v) => v.detail.split(' ')[1] ?? v.detail);
      const rec: CutRecord = {
        cut: c,
        uptimeMs,
        inflight,
        discarded,
        ticketsAcked: ledger.counts.ticketsAcked,
        callsAcked: ledger.counts.callsAcked,
        restartMs: Math.round(server.readyMs),
        repairs,
        lost,
        lostCalls,
        reused,
      };
      cuts.push(rec);
      log(
        `cut ${String(c).padStart(2)} after ${String(uptimeMs).padStart(4)} ms (${String(inflight).padStart(2)} in flight): ` +
          `undid ${discarded.bytes} bytes in ${discarded.files} files, ${discarded.names} name changes; ` +
          `${rec.ticketsAcked} tickets / ${rec.callsAcked} calls acknowledged so far; restart ${rec.restartMs} ms` +
          `${repairs ? ` (${repairs} repairs logged)` : ''}; lost ${lost}, lost calls ${lostCalls}, ` +
          `reused ${reused.length ? reused.join(' ') : 'none'}`,
      );
    }
  } finally {
    await load.stop();
    await server?.stop('SIGTERM');
    await fs.destroy();
  }
  return {
    seed: opts.seed,
    cuts,
    ledger,
    durationSec: (Date.now() - started) / 1000,
    ok: ledger.violations.length === 0 && cuts.length === opts.cuts,
  };
}
