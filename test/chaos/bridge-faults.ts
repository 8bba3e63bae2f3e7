/**
 * Serial bridge faults for `npm run chaos` (and one short round of each in `npm test`): a real
 * hub (`callboard start`), the real bridge (`callboard-bridge`) as a child process, and an
 * emulated ESC/POS printer on the far side of a socat pty pair, driven in this process.
 *
 * (a) **Bridge SIGKILLed mid-print.** A kiosk issues tickets and asks the hub to print each at
 *     its bridge (`POST /devices/kiosk-1/print-ticket`) every 40–160 ms; at a seeded moment
 *     the bridge is killed at a seeded point of a job (when the job's first bytes reach the
 *     printer, right after the hub accepted a job, or at a plain seeded time), stays down a
 *     seeded 300–1200 ms and is started again on the same config.
 *     Invariant, from how the hub tracks print jobs (hub/src/devices/device-service.ts: a job
 *     is the `jobId` of a 202 answer; it is settled by the bridge's `print-result` event for
 *     that `jobId`, which the hub forwards to the kiosk): every accepted job gets exactly one
 *     print-result within 15 s of the bridge being back; `ok: true` ⇔ exactly one complete
 *     copy (its tracking URL's QR, then a cut) came out of the printer; `ok: false` ⇒ no
 *     complete copy unless the reason says the outcome is unknown; never two copies. A job with
 *     no print-result is a silent loss (the kiosk shows "printing…" for ever). Also: the
 *     bridge is online again (retained MQTT status, as the hub's registry has it) with a ready
 *     printer within 10 s of its restart, and the hub never exits.
 * (b) **Serial port closed under the driver**, alternating two ways: the pty pair torn down
 *     (socat killed: the driver's port vanishes) or the far end closed (the printer closes its
 *     end; the driver's port stays open but nothing answers). Then restored after a seeded
 *     300–1500 ms. Invariants: the fault reaches the hub (printer offline / peripheral
 *     disconnected in the registry) within 5 s; a job sent during the fault is reported failed;
 *     the driver reconnects by itself (printer ready again within 10 s of the restore); the
 *     next job prints, with valid ESC/POS bytes at the printer; the bridge keeps its PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PrinterEmulator, type SavedTicket } from '@callboard/firmware-bridge/emulators/printer-escpos/emulator';
import { openPtyPair, type PtyPair } from '@callboard/firmware-bridge/emulators/pty';
import { createLogger, setLogSink } from '@callboard/firmware-bridge/log';
import { ApiError, type DeviceView, HubClient, type KioskMessage } from '@callboard/hub/client';
import mqtt, { type MqttClient } from 'mqtt';
import { Prng } from '../bench/lib/prng';
import { benchSitePatch } from '../bench/lib/site';
import { type HubProcess, REPO, spawnHub, tempDir } from '../support/hub';

const BRIDGE_BIN = path.join(REPO, 'firmware-bridge/bin/callboard-bridge.mjs');
const BRIDGE_ID = 'bridge-1';
const BRIDGE_TOKEN = 'demo-bridge-1-token-0001';
const KIOSK_ID = 'kiosk-1';
const KIOSK_TOKEN = 'demo-kiosk-1-token-0001';
/** Service A's name; its GB18030 bytes must be on every ticket. */
const SERVICE_ZH = '综合业务';
const ONLINE_DEADLINE_MS = 10_000;
const FAULT_SEEN_DEADLINE_MS = 5_000;
/**
 * The serial link retries with a backoff that reaches 5 s while the port is gone, so the next try
 * can come 5 s after the port returns; then the open, the status query and its trip to the hub.
 * 10 s was once missed on the 2-core machine at load ≈ 13.
 */
const RECONNECT_DEADLINE_MS = 20_000;
const RESULT_DEADLINE_MS = 15_000;

export type KillPoint = 'job accepted by hub' | 'pre-print status check' | 'job bytes at printer' | 'seeded time';
export type PortFault = 'pty pair torn down' | 'far end closed';

export interface BridgeFaultViolation {
  invariant:
    | 'print job silently lost'
    | 'printed, never reported'
    | 'printed twice'
    | 'reported printed, not printed'
    | 'reported failed, printed'
    | 'two results for one job'
    | 'bridge not back online'
    | 'hub crashed'
    | 'port fault not reported'
    | 'job during port fault not failed'
    | 'no reconnect'
    | 'next print failed'
    | 'invalid ESC/POS'
    | 'bridge crashed';
  detail: string;
}

export interface KillRound {
  round: number;
  point: KillPoint;
  /** Load before the kill was armed. */
  armedAfterMs: number;
  downMs: number;
  /** Jobs the hub accepted (202) in this round, and how they ended. */
  accepted: number;
  refused: number;
  printedOk: number;
  reportedFailed: number;
  /** Bytes of a job cut off by the kill (an incomplete ticket on the paper). */
  torn: number;
  lost: number;
  /** Bridge spawn → online with a ready printer in the hub's registry. */
  onlineMs: number | null;
  hubAlive: boolean;
}

export interface PortRound {
  round: number;
  fault: PortFault;
  outageMs: number;
  /** Fault injected → the hub's registry shows the printer offline/disconnected. */
  faultSeenMs: number | null;
  /** The job sent during the fault: its print-result reason (null: none came). */
  duringFault: string | null;
  /** Port restored → printer ready again in the registry. */
  reconnectMs: number | null;
  /** Next job accepted → its ticket at the printer, checked byte by byte. */
  nextPrintMs: number | null;
  bridgeSamePid: boolean;
}

export interface BridgeFaultsReport {
  seed: number;
  kills: KillRound[];
  ports: PortRound[];
  violations: BridgeFaultViolation[];
  jobs: { accepted: number; printed: number; failed: number; lost: number };
  durationSec: number;
  ok: boolean;
}

export interface BridgeFaultsOptions {
  seed: number;
  kills: number;
  portFaults: number;
  socat: string;
  log?: (line: string) => void;
}

interface Job {
  round: string;
  ticketId: string;
  number: string;
  trackUrl: string;
  jobId: string;
  acceptedAt: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, ms: number): Promise<T | null> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) return null;
    await sleep(50);
  }
}

/** The QR store command (`GS ( k … 31 50 30 data`) carrying exactly this tracking URL. */
function qrStore(url: string): Buffer {
  const data = Buffer.from(url, 'ascii');
  const len = data.length + 3;
  return Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]), data]);
}

const ESC_AT = Buffer.from([0x1b, 0x40]);

/**
 * A printed ticket's bytes split at each job's `ESC @`: the last part is the job the cut ended;
 * any earlier non-empty part is what a killed bridge left half-sent (torn).
 */
function splitJobs(raw: Buffer): { job: Buffer; torn: Buffer[] } {
  const starts: number[] = [];
  for (let i = raw.indexOf(ESC_AT); i >= 0; i = raw.indexOf(ESC_AT, i + 1)) starts.push(i);
  if (starts.length === 0) return { job: raw, torn: [] };
  const last = starts[starts.length - 1] as number;
  const torn: Buffer[] = [];
  if ((starts[0] as number) > 0) torn.push(raw.subarray(0, starts[0]));
  for (let k = 0; k + 1 < starts.length; k++) torn.push(raw.subarray(starts[k], starts[k + 1]));
  return { job: raw.subarray(last), torn: torn.filter((b) => b.length > 0) };
}

/** Why these bytes are not a valid ticket for `job` (null: valid). */
export function escPosProblem(bytes: Buffer, job: { number: string; trackUrl: string }): string | null {
  if (!bytes.subarray(0, 2).equals(ESC_AT)) return 'does not start with ESC @';
  if (!bytes.includes(qrStore(job.trackUrl))) return 'no QR store command with the tracking URL';
  if (!bytes.subarray(-3).equals(Buffer.from([0x1d, 0x56, 0x00]))) return 'does not end with a full cut (GS V 0)';
  if (!bytes.toString('latin1').includes(job.number)) return `number ${job.number} not printed`;
  const chinese: string[] = [];
  for (let i = bytes.indexOf(Buffer.from([0x1c, 0x26])); i >= 0; i = bytes.indexOf(Buffer.from([0x1c, 0x26]), i + 1)) {
    const end = bytes.indexOf(Buffer.from([0x1c, 0x2e]), i);
    if (end < 0) return 'FS & without FS .';
    try {
      chinese.push(new TextDecoder('gb18030', { fatal: true }).decode(bytes.subarray(i + 2, end)));
    } catch {
      return 'Chinese text is not valid GB18030';
    }
  }
  if (!chinese.some((c) => c.includes(SERVICE_ZH))) return `service name ${SERVICE_ZH} not in GB18030`;
  return null;
}

class BridgeProcess {
  child: ChildProcess;
  out = '';
  readonly exited: Promise<void>;
  readonly spawnedAt = Date.now();

  constructor(configFile: string) {
    this.child = spawn(process.execPath, [BRIDGE_BIN, '--config', configFile], {
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d) => (this.out += d));
    this.child.stderr?.on('data', (d) => (this.out += d));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL now, from inside an event handler (no await before the signal leaves). */
  killNow(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.alive) this.child.kill(signal);
    await this.exited;
  }
}

export async function runBridgeFaults(opts: BridgeFaultsOptions): Promise<BridgeFaultsReport> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const rng = new Prng(opts.seed);
  const violations: BridgeFaultViolation[] = [];
  const violate = (invariant: BridgeFaultViolation['invariant'], detail: string) => {
    violations.push({ invariant, detail });
    log(`VIOLATION ${invariant}: ${detail}`);
  };

  const work = tempDir('cb-chaos-bridge-');
  const hubDir = path.join(work, 'hub');
  const ptyDir = path.join(work, 'pty');
  mkdirSync(hubDir, { recursive: true });
  mkdirSync(ptyDir, { recursive: true });
  const hostPath = path.join(ptyDir, 'printer');
  const emuPath = path.join(ptyDir, 'printer.emu');
  // The emulator logs into this run's buffer, not over the table.
  const emuLog: string[] = [];
  setLogSink((line) => emuLog.push(line));

  let hub: HubProcess | null = null;
  let pair: PtyPair | null = null;
  let printer: PrinterEmulator | null = null;
  let bridge: BridgeProcess | null = null;
  let kiosk: MqttClient | null = null;
  const bridgeLogs: string[] = [];
  const kills: KillRound[] = [];
  const ports: PortRound[] = [];
  const jobs: Job[] = [];
  const results = new Map<string, { ok: boolean; reason?: string; at: number }[]>();

  try {
    hub = await spawnHub({ dataDir: hubDir, patch: benchSitePatch });
    const hubProc = hub;
    const staff = new HubClient({ baseUrl: hub.baseUrl });
    await staff.login('supervisor', 'callboard-demo');
    const kioskApi = new HubClient({ baseUrl: hub.baseUrl, deviceToken: KIOSK_TOKEN });
    const hubAlive = async () => {
      if (hubProc.child.exitCode !== null || hubProc.child.signalCode !== null) return false;
      try {
        return (await fetch(`${hubProc.baseUrl}/api/v1/health`)).ok;
      } catch {
        return false;
      }
    };

    // The kiosk page's side: print-results for kiosk-1, keyed by job.
    kiosk = mqtt.connect(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      protocolVersion: 4,
      username: KIOSK_ID,
      password: KIOSK_TOKEN,
      reconnectPeriod: 200,
    });
    kiosk.on('message', (_topic, payload) => {
      const m = JSON.parse(payload.toString()) as KioskMessage;
      if (m.type !== 'print-result') return;
      const list = results.get(m.jobId) ?? [];
      list.push({ ok: m.ok, ...(m.reason ? { reason: m.reason } : {}), at: Date.now() });
      results.set(m.jobId, list);
    });
    const kioskClient = kiosk;
    if (!(await until(() => kioskClient.connected, 10_000))) throw new Error('kiosk MQTT did not connect');
    await kiosk.subscribeAsync('callboard/demo/devices/kiosk-1/commands', { qos: 1 });

    pair = await openPtyPair(hostPath, emuPath, opts.socat);
    const emu = new PrinterEmulator({ path: emuPath, dataDir: path.join(work, 'printer'), log: createLogger('chaos-printer') });
    printer = emu;
    emu.start();

    const configFile = path.join(work, 'bridge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        deviceId: BRIDGE_ID,
        token: BRIDGE_TOKEN,
        hubUrl: hub.baseUrl,
        mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
        kioskId: KIOSK_ID,
        defaultServiceId: 'A',
        // The print journal survives the SIGKILLs here, as /var/lib/callboard-bridge does on a site.
        stateDir: path.join(work, 'bridge-state'),
        peripherals: [{ id: 'printer', kind: 'printer-escpos', port: hostPath, pollMs: 200 }],
      }),
    );
    const device = () => staff.request<DeviceView>('GET', `/devices/${BRIDGE_ID}`);
    const ready = (d: DeviceView) =>
      d.state === 'online' && d.printer?.condition === 'ok' && d.peripherals.every((p) => p.connected);
    const startBridge = async (): Promise<number | null> => {
      if (bridge) bridgeLogs.push(bridge.out);
      bridge = new BridgeProcess(configFile);
      const b = bridge;
      const ok = await until(async () => b.alive && ready(await device()), ONLINE_DEADLINE_MS);
      return ok ? Date.now() - b.spawnedAt : null;
    };
    const first = await startBridge();
    if (first === null)
      throw new Error(`bridge not online with a ready printer in 10 s:\n${(bridge as BridgeProcess | null)?.out}`);
    log(`hub, bridge and printer up (bridge online ${first} ms after spawn)`);

    /** Issues a ticket and asks for its print; the job, or null when the hub refused (no bridge online). */
    const requestPrint = async (round: string): Promise<Job | null> => {
      const t = await kioskApi.issueTicket({ serviceId: 'A' });
      try {
        const sent = await kioskApi.request<{ jobId: string }>('POST', `/devices/${KIOSK_ID}/print-ticket`, { ticketId: t.id });
        const job = { round, ticketId: t.id, number: t.number, trackUrl: t.trackUrl, jobId: sent.jobId, acceptedAt: Date.now() };
        jobs.push(job);
        return job;
      } catch (err) {
        if (err instanceof ApiError && err.status === 503) return null;
        throw err;
      }
    };

    const copiesOf = (job: Job) => {
      const store = qrStore(job.trackUrl);
      let complete = 0;
      let torn = 0;
      const bad: string[] = [];
      for (const t of emu.tickets as SavedTicket[]) {
        const parts = splitJobs(t.raw);
        if (parts.job.includes(store)) {
          complete++;
          const problem = escPosProblem(parts.job, job);
          if (problem) bad.push(problem);
        }
        torn += parts.torn.filter((p) => p.includes(Buffer.from(job.number, 'latin1'))).length;
      }
      return { complete, torn, bad };
    };
    const settled = (list: Job[]) => list.every((j) => (results.get(j.jobId)?.length ?? 0) > 0);

    /** Checks every job of a round; returns its tallies. */
    const judge = (list: Job[]) => {
      const tally = { printedOk: 0, reportedFailed: 0, torn: 0, lost: 0 };
      for (const job of list) {
        const res = results.get(job.jobId) ?? [];
        const { complete, torn, bad } = copiesOf(job);
        tally.torn += torn;
        const what = `${job.number} (job ${job.jobId.slice(0, 8)}, ${job.round})`;
        for (const b of bad) violate('invalid ESC/POS', `${what}: ${b}`);
        if (complete > 1) violate('printed twice', `${what}: ${complete} complete copies`);
        if (res.length > 1) violate('two results for one job', `${what}: ${res.map((r) => r.ok).join(', ')}`);
        const r = res[0];
        if (!r) {
          tally.lost++;
          if (complete === 0) violate('print job silently lost', `${what}: no print-result, nothing printed`);
          else violate('printed, never reported', `${what}: printed, the hub never heard`);
        } else if (r.ok) {
          tally.printedOk++;
          if (complete === 0) violate('reported printed, not printed', `${what}: ok, no complete copy at the printer`);
        } else {
          tally.reportedFailed++;
          // A kill between the last byte and the report: the bridge cannot know; it must say so.
          if (complete > 0 && !/unknown|may have/i.test(r.reason ?? ''))
            violate('reported failed, printed', `${what}: "${r.reason}" but a complete copy came out`);
        }
      }
      return tally;
    };

    // ---------------- (a) bridge SIGKILLed mid-print ----------------
    const points: KillPoint[] = ['job accepted by hub', 'pre-print status check', 'job bytes at printer', 'seeded time'];
    const firstPoint = rng.int(0, points.length - 1);
    for (let k = 1; k <= opts.kills; k++) {
      const round = `kill ${k}`;
      const point = points[(firstPoint + k - 1) % points.length] as KillPoint;
      const armedAfterMs = rng.int(300, 1500);
      const downMs = rng.int(300, 1200);
      const pauses = Array.from({ length: 400 }, () => rng.int(40, 160));
      const before = jobs.length;
      let refused = 0;
      let streaming = true;
      let armed = false;
      const victim = bridge as unknown as BridgeProcess;
      const fire = () => {
        if (!armed) return;
        armed = false;
        victim.killNow();
      };
      // Set when the hub accepted a job after arming: the bridge has it (or is about to).
      let jobOut = false;
      const onBytes = (chunk: Buffer) => {
        if (point === 'job bytes at printer' && chunk.includes(ESC_AT)) fire();
        // DLE EOT 1 after a job went out: the bridge checks the printer before printing it.
        if (point === 'pre-print status check' && jobOut && chunk[0] === 0x10 && chunk[1] === 0x04) fire();
      };
      emu.link.on('data', onBytes);
      const stream = (async () => {
        for (let i = 0; streaming; i++) {
          try {
            const job = await requestPrint(round);
            if (!job) refused++;
            else if (point === 'job accepted by hub') fire();
            else if (armed) jobOut = true;
          } catch (err) {
            log(`print request failed: ${(err as Error).message}`);
          }
          await sleep(pauses[i % pauses.length] as number);
        }
      })();
      await sleep(armedAfterMs);
      armed = true;
      if (point === 'seeded time') fire();
      // A trigger that does not come in 3 s (no job in flight) falls back to a plain kill.
      await until(() => !armed, 3000);
      fire();
      await victim.exited;
      const killedAt = Date.now();
      emu.link.off('data', onBytes);
      // The hub learns of the death from the last will; then the kiosk is told "no bridge".
      await until(async () => (await device()).state === 'offline', 5000);
      await sleep(Math.max(0, downMs - (Date.now() - killedAt)));
      const onlineMs = await startBridge();
      if (onlineMs === null) violate('bridge not back online', `${round}: not online with a ready printer in 10 s`);
      await sleep(rng.int(300, 800));
      streaming = false;
      await stream;
      const roundJobs = jobs.slice(before);
      await until(() => settled(roundJobs), RESULT_DEADLINE_MS);
      const alive = await hubAlive();
      if (!alive) violate('hub crashed', `${round}: hub exited (${hubProc.child.exitCode ?? hubProc.child.signalCode})`);
      const tally = judge(roundJobs);
      const reasons = new Map<string, number>();
      for (const j of roundJobs) {
        const r = results.get(j.jobId)?.[0];
        if (r && !r.ok) reasons.set(r.reason ?? '?', (reasons.get(r.reason ?? '?') ?? 0) + 1);
      }
      kills.push({
        round: k,
        point,
        armedAfterMs,
        downMs,
        accepted: roundJobs.length,
        refused,
        ...tally,
        onlineMs,
        hubAlive: alive,
      });
      log(
        `${round} at "${point}" after ${armedAfterMs} ms, down ${downMs} ms: ${roundJobs.length} jobs accepted ` +
          `(${refused} refused while down), ${tally.printedOk} printed, ${tally.reportedFailed} reported failed, ` +
          `${tally.torn} torn, ${tally.lost} lost; online again ${onlineMs ?? '–'} ms after restart` +
          [...reasons].map(([why, count]) => `\n    ${count} × failed: ${why}`).join(''),
      );
    }

    // ---------------- (b) serial port closed under the driver ----------------
    const faults: PortFault[] = ['pty pair torn down', 'far end closed'];
    const firstFault = rng.int(0, 1);
    for (let f = 1; f <= opts.portFaults; f++) {
      const fault = faults[(firstFault + f - 1) % 2] as PortFault;
      const outageMs = rng.int(300, 1500);
      const b = bridge as unknown as BridgeProcess;
      const pid = b.child.pid;
      const t0 = Date.now();
      if (fault === 'pty pair torn down') await (pair as PtyPair).close();
      else await emu.stop();
      const seen = await until(async () => {
        const d = await device();
        return d.printer?.condition === 'offline' || d.peripherals.some((p) => !p.connected);
      }, FAULT_SEEN_DEADLINE_MS);
      const faultSeenMs = seen ? Date.now() - t0 : null;
      if (faultSeenMs === null) violate('port fault not reported', `port ${f} (${fault}): registry still shows a ready printer`);
      // A job while the port is down: it must come back failed, not vanish and not print later.
      const during = await requestPrint(`port ${f}`);
      let duringFault: string | null = null;
      if (during) {
        const r = await until(() => results.get(during.jobId)?.[0], 5000);
        duringFault = r ? (r.ok ? 'printed' : (r.reason ?? 'failed')) : null;
        if (!r || r.ok) violate('job during port fault not failed', `port ${f} (${fault}): ${duringFault ?? 'no result'}`);
      } else duringFault = 'refused (503)';
      await sleep(Math.max(0, outageMs - (Date.now() - t0)));
      const restoredAt = Date.now();
      if (fault === 'pty pair torn down') pair = await openPtyPair(hostPath, emuPath, opts.socat);
      else emu.start();
      const back = await until(async () => ready(await device()), RECONNECT_DEADLINE_MS);
      const reconnectMs = back ? Date.now() - restoredAt : null;
      if (reconnectMs === null)
        violate(
          'no reconnect',
          `port ${f} (${fault}): printer not ready ${RECONNECT_DEADLINE_MS / 1000} s after the port returned`,
        );
      let nextPrintMs: number | null = null;
      const next = await requestPrint(`port ${f} next`);
      if (next) {
        const r = await until(() => results.get(next.jobId)?.[0], 10_000);
        const copy = await until(() => copiesOf(next).complete > 0, 5000);
        if (r?.ok && copy) nextPrintMs = Date.now() - next.acceptedAt;
        else violate('next print failed', `port ${f} (${fault}): ${r ? (r.reason ?? 'failed') : 'no result'}`);
      } else violate('next print failed', `port ${f} (${fault}): the hub refused the print (no bridge online)`);
      const samePid = b.alive && b.child.pid === pid && bridge === b;
      if (!samePid) violate('bridge crashed', `port ${f} (${fault}): bridge exited (${b.child.exitCode ?? b.child.signalCode})`);
      ports.push({ round: f, fault, outageMs, faultSeenMs, duringFault, reconnectMs, nextPrintMs, bridgeSamePid: samePid });
      log(
        `port ${f} ${fault} for ${outageMs} ms: seen by the hub after ${faultSeenMs ?? '–'} ms; job during it: ${duringFault}; ` +
          `ready ${reconnectMs ?? '–'} ms after restore; next ticket printed in ${nextPrintMs ?? '–'} ms`,
      );
    }
    // Every job of (b) is judged with the rest (printed once, or failed).
    judge(jobs.filter((j) => j.round.startsWith('port')));
    if (!(await hubAlive())) violate('hub crashed', 'hub not healthy at the end');
  } finally {
    kiosk?.end(true);
    const b = bridge as BridgeProcess | null;
    if (b) {
      await b.stop('SIGTERM');
      bridgeLogs.push(b.out);
    }
    await printer?.stop();
    await pair?.close();
    await hub?.stop();
    setLogSink((line) => process.stderr.write(`${line}\n`));
  }
  if (violations.length > 0) {
    const file = path.join(work, 'bridge-logs.txt');
    writeFileSync(file, `${bridgeLogs.join('\n----- restart -----\n')}\n----- emulator -----\n${emuLog.join('\n')}`);
    log(`bridge and printer logs kept in ${file}`);
  } else rmSync(work, { recursive: true, force: true });

  const counted = { accepted: jobs.length, printed: 0, failed: 0, lost: 0 };
  for (const j of jobs) {
    const r = results.get(j.jobId)?.[0];
    if (!r) counted.lost++;
    else if (r.ok) counted.printed++;
    else counted.failed++;
  }
  return {
    seed: opts.seed,
    kills,
    ports,
    violations,
    jobs: counted,
    durationSec: (Date.now() - started) / 1000,
    ok: violations.length === 0 && kills.length === opts.kills && ports.length === opts.portFaults,
  };
}

const range = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? 'none' : `${Math.min(...v)}–${Math.max(...v)} ms`;
};

/** Rows for the summary table of `npm run chaos` (fault, injected, invariant, checked, violations). */
export function bridgeFaultRows(r: BridgeFaultsReport): (string | number)[][] {
  const n =
    (...names: BridgeFaultViolation['invariant'][]) =>
    (round: 'kill' | 'port') =>
      r.violations.filter((v) => names.includes(v.invariant) && new RegExp(`\\b${round} \\d`).test(v.detail)).length;
  const killJobs = r.kills.reduce((s, k) => s + k.accepted, 0);
  const killOk = r.kills.reduce((s, k) => s + k.printedOk, 0);
  const killFailed = r.kills.reduce((s, k) => s + k.reportedFailed, 0);
  const torn = r.kills.reduce((s, k) => s + k.torn, 0);
  const torndown = r.ports.filter((p) => p.fault === 'pty pair torn down').length;
  const rows: (string | number)[][] = [];
  if (r.kills.length > 0)
    rows.push(
      [
        'SIGKILL bridge mid-print',
        r.kills.length,
        'accepted job settled: printed once or reported failed',
        `${killJobs} jobs (${killOk} printed, ${killFailed} failed, ${torn} torn)`,
        n('print job silently lost', 'printed, never reported')('kill'),
      ],
      [
        '',
        '',
        'no double print, result matches the paper',
        `${killJobs} jobs × printer output`,
        n(
          'printed twice',
          'two results for one job',
          'reported printed, not printed',
          'reported failed, printed',
          'invalid ESC/POS',
        )('kill'),
      ],
      [
        '',
        '',
        `bridge online again (MQTT status) ≤ ${ONLINE_DEADLINE_MS / 1000} s`,
        `${r.kills.length} restarts (${range(r.kills.map((k) => k.onlineMs))})`,
        n('bridge not back online')('kill'),
      ],
      ['', '', 'hub never crashed', `${r.kills.length} rounds`, r.violations.filter((v) => v.invariant === 'hub crashed').length],
    );
  if (r.ports.length > 0)
    rows.push(
      [
        'serial port closed under driver',
        r.ports.length,
        `fault reaches the hub ≤ ${FAULT_SEEN_DEADLINE_MS / 1000} s`,
        `${torndown} pty torn down + ${r.ports.length - torndown} far end closed (${range(r.ports.map((p) => p.faultSeenMs))})`,
        n('port fault not reported')('port'),
      ],
      [
        '',
        '',
        'a job during the fault is reported failed',
        `${r.ports.length} jobs`,
        n('job during port fault not failed')('port'),
      ],
      [
        '',
        '',
        `driver reconnects by itself ≤ ${RECONNECT_DEADLINE_MS / 1000} s`,
        `${r.ports.length} restores (${range(r.ports.map((p) => p.reconnectMs))})`,
        n('no reconnect')('port'),
      ],
      [
        '',
        '',
        'next print succeeds, valid ESC/POS',
        `${r.ports.length} prints (${range(r.ports.map((p) => p.nextPrintMs))})`,
        n('next print failed', 'invalid ESC/POS', 'printed twice', 'print job silently lost')('port'),
      ],
      ['', '', 'bridge never crashed (same PID)', `${r.ports.length} faults`, n('bridge crashed')('port')],
    );
  return rows;
}
