/**
 * `npm run chaos`: 20 SIGKILLs of a hub under load (see chaos.ts), 10 power cuts under load
 * when FUSE and python3-fusepy are there (power-cut.ts: un-fsynced writes undone), then the external broker
 * killed and restarted under a running hub (broker-drop.ts), then the serial bridge faults
 * when socat is there (bridge-faults.ts: the bridge SIGKILLed mid-print, the printer's pty
 * closed under the driver). Prints the table of faults injected and
 * invariants checked; exits 1 if any invariant was violated. CHAOS_KILLS, CHAOS_SEED,
 * CHAOS_POWER_CUTS, CHAOS_BROKER_DROPS, CHAOS_BRIDGE_KILLS and CHAOS_PORT_FAULTS override the defaults (a failing
 * seed replays the same kill moments).
 */
import { renderTable } from '../bench/lib/table';
import { powerCutUnsupported } from '../powercut/powercut-fs';
import { findTool } from '../support/tools';
import { type BridgeFaultsReport, bridgeFaultRows, runBridgeFaults } from './bridge-faults';
import { type DropRecord, dropOk, runBrokerDrop } from './broker-drop';
import { runChaos } from './chaos';
import { type PowerCutReport, runPowerCuts } from './power-cut';

const kills = Number(process.env.CHAOS_KILLS ?? 20);
const seed = Number(process.env.CHAOS_SEED ?? 10_2026);
const started = Date.now();
console.log(`Callboard chaos — ${kills} SIGKILLs, seed ${seed}`);

const report = await runChaos({ kills, seed, log: (l) => console.log(`  ${l}`) });

const cutCount = Number(process.env.CHAOS_POWER_CUTS ?? 10);
const noFuse = powerCutUnsupported();
let cuts: PowerCutReport | null = null;
if (cutCount > 0 && !noFuse) {
  console.log(`\nPower cuts: ${cutCount}, the data dir on a file system that undoes what was not fsynced`);
  cuts = await runPowerCuts({ cuts: cutCount, seed, log: (x) => console.log(`  ${x}`) });
  console.log(`  power cuts took ${cuts.durationSec.toFixed(0)} s`);
} else if (noFuse) console.log(`\nSKIPPED power cuts: ${noFuse}`);
const mosquitto = findTool('mosquitto', ['/usr/sbin/mosquitto']);
const dropCount = Number(process.env.CHAOS_BROKER_DROPS ?? 4);
let drops: DropRecord[] = [];
if (mosquitto && dropCount > 0) {
  console.log('\nExternal broker (mosquitto) killed and restarted under a running hub');
  drops = await runBrokerDrop({ bin: mosquitto, drops: dropCount, log: (x) => console.log(`  ${x}`) });
} else if (!mosquitto) console.log('\nSKIPPED broker drop: mosquitto not found (Debian package "mosquitto")');

const socat = findTool('socat');
const bridgeKills = Number(process.env.CHAOS_BRIDGE_KILLS ?? 4);
const portFaults = Number(process.env.CHAOS_PORT_FAULTS ?? 4);
let bridgeReport: BridgeFaultsReport | null = null;
if (socat && bridgeKills + portFaults > 0) {
  console.log('\nBridge SIGKILLed mid-print, then the printer port closed under the driver (socat ptys)');
  bridgeReport = await runBridgeFaults({
    seed,
    kills: bridgeKills,
    portFaults,
    socat,
    log: (x) => console.log(`  ${x}`),
  });
  console.log(`  bridge faults took ${bridgeReport.durationSec.toFixed(0)} s`);
} else if (!socat) console.log('\nSKIPPED bridge faults: socat not found (Debian package "socat")');

const l = report.ledger;
console.log('\nSIGKILL rounds');
console.log(
  renderTable(
    [
      'kill',
      'uptime ms',
      'in flight',
      'tickets acked',
      'calls acked',
      'restart ms',
      'lost',
      'lost calls',
      'dup numbers',
      'double calls',
      'board tcp ms',
      'board ws ms',
    ],
    report.kills.map((k) => [
      k.kill,
      k.uptimeMs,
      k.inflight,
      k.ticketsAcked,
      k.callsAcked,
      k.restartMs,
      k.lost,
      k.lostCalls,
      k.duplicateNumbers,
      k.doubleCalls,
      k.boardTcpMs ?? 'none',
      k.boardWsMs ?? 'none',
    ]),
  ),
);

const rows: (string | number)[][] = [
  [
    'SIGKILL hub under load',
    report.kills.length,
    'acknowledged ticket lost',
    `${l.counts.ticketsAcked} tickets × ${report.kills.length} audits`,
    l.count('lost ticket'),
  ],
  ['', '', 'acknowledged call lost', `${l.counts.callsAcked} calls`, l.count('lost call')],
  ['', '', 'number issued twice', `${l.counts.ticketsAcked} numbers`, l.count('duplicate number')],
  ['', '', 'ticket called twice', `${l.counts.callsAcked} acks + ${l.counts.callsHeard} heard`, l.count('double call')],
  ['', '', 'screens (TCP + WS) have a board ≤ 5 s', `${report.kills.length * 2} recoveries`, l.count('screen recovery')],
];
if (cuts) {
  const c = cuts.ledger;
  const reused = cuts.cuts.flatMap((k) => k.reused);
  rows.push(
    [
      'power cut under load',
      cuts.cuts.length,
      'acknowledged ticket lost',
      `${c.counts.ticketsAcked} tickets × ${cuts.cuts.length} audits`,
      c.count('lost ticket'),
    ],
    ['', '', 'acknowledged call lost', `${c.counts.callsAcked} calls`, c.count('lost call')],
    [
      '',
      '',
      `number issued twice${reused.length ? ` (${reused.slice(0, 6).join(' ')}…)` : ''}`,
      `${c.counts.ticketsAcked} numbers`,
      c.count('duplicate number'),
    ],
    [
      '',
      '',
      'store opens (repairs logged)',
      `${cuts.cuts.length} restarts, ${cuts.cuts.reduce((n, k) => n + k.repairs, 0)} repairs`,
      c.count('store refused to start'),
    ],
  );
}
if (drops.length > 0) {
  const failed = drops.filter((d) => !dropOk(d)).length;
  const busy = drops.filter((d) => d.busy);
  rows.push(
    [
      'SIGKILL external broker',
      drops.length,
      'hub reports degraded, REST keeps working',
      `${drops.length} outages`,
      drops.filter((d) => d.degradedMs === null || !d.restDuringOutage).length,
    ],
    ['', '', 'hub reconnects by itself', `${drops.length} restarts`, drops.filter((d) => d.reconnectMs === null).length],
    [
      '',
      '',
      'screen shows a call made during the outage',
      `${busy.length} busy outages`,
      busy.filter((d) => d.boardMs === null).length,
    ],
    [
      '',
      '',
      'a new screen gets the retained board ≤ 5 s',
      `${drops.length} restarts`,
      drops.filter((d) => d.freshScreenMs === null).length,
    ],
  );
  if (failed > 0) console.log(`  ${failed} broker drop(s) broke a promise`);
}
if (bridgeReport) {
  const b = bridgeReport;
  if (b.kills.length > 0) {
    console.log('\nBridge SIGKILL rounds');
    console.log(
      renderTable(
        ['kill', 'at', 'armed ms', 'down ms', 'jobs', 'refused', 'printed', 'failed', 'torn', 'lost', 'online ms', 'hub'],
        b.kills.map((k) => [
          k.round,
          k.point,
          k.armedAfterMs,
          k.downMs,
          k.accepted,
          k.refused,
          k.printedOk,
          k.reportedFailed,
          k.torn,
          k.lost,
          k.onlineMs ?? 'none',
          k.hubAlive ? 'up' : 'DOWN',
        ]),
      ),
    );
  }
  if (b.ports.length > 0) {
    console.log('\nSerial port faults');
    console.log(
      renderTable(
        ['fault', 'kind', 'outage ms', 'seen ms', 'job during fault', 'reconnect ms', 'next print ms', 'bridge'],
        b.ports.map((p) => [
          p.round,
          p.fault,
          p.outageMs,
          p.faultSeenMs ?? 'none',
          p.duringFault ?? 'no result',
          p.reconnectMs ?? 'none',
          p.nextPrintMs ?? 'none',
          p.bridgeSamePid ? 'same PID' : 'RESTARTED',
        ]),
      ),
    );
  }
  rows.push(...bridgeFaultRows(b));
}
console.log('\nFaults injected and invariants checked');
console.log(renderTable(['fault', 'injected', 'invariant', 'checked', 'violations'], rows));
for (const v of l.violations.slice(0, 20)) console.log(`  VIOLATION ${v.invariant}: ${v.detail}`);
for (const v of cuts?.ledger.violations.slice(0, 20) ?? []) console.log(`  VIOLATION (power cut) ${v.invariant}: ${v.detail}`);
for (const v of bridgeReport?.violations.slice(0, 20) ?? []) console.log(`  VIOLATION ${v.invariant}: ${v.detail}`);
const ok = report.ok && (cuts?.ok ?? true) && drops.every(dropOk) && (bridgeReport?.ok ?? true);
console.log(`\n${ok ? 'OK' : 'FAILED'}: chaos finished in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed}).`);
process.exit(ok ? 0 : 1);
