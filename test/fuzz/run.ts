/**
 * `npm run fuzz`: 100,000 fuzzed requests through `app.inject` on an in-process hub, then a
 * slice over real HTTP against a hub in a child process (which must still be alive and
 * healthy at the end). FUZZ_RUNS, FUZZ_HTTP_RUNS and FUZZ_SEED override the defaults.
 */

import { spawnHubOn } from '../bench/lib/hub-process';
import { renderTable } from '../bench/lib/table';
import { tempDir } from '../support/hub';
import { freePort } from '../support/ports';
import { type FuzzReport, runFuzz } from './fuzz';
import { fuzzHubPatch, startFuzzHub } from './hub';
import { httpTransport, injectTransport } from './transport';

const runs = Number(process.env.FUZZ_RUNS ?? 100_000);
const httpRuns = Number(process.env.FUZZ_HTTP_RUNS ?? 5_000);
const seed = Number(process.env.FUZZ_SEED ?? 42);
const started = Date.now();
let crashes = 0;
process.on('unhandledRejection', (err) => {
  crashes++;
  console.error('unhandled rejection in the hub process:', err);
});
console.log(
  `Callboard fuzz — ${runs.toLocaleString('en-US')} in process + ${httpRuns.toLocaleString('en-US')} over HTTP, seed ${seed}`,
);

const hub = await startFuzzHub();
const inProcess = await runFuzz({ send: injectTransport(hub.app), runs, seed });
await hub.close();

const child = await spawnHubOn({
  dataDir: tempDir('cb-fuzz-'),
  port: await freePort(),
  mqttPort: await freePort(),
  patch: fuzzHubPatch,
});
const overHttp = await runFuzz({ send: httpTransport(child.baseUrl), runs: httpRuns, seed: seed + 1 });
const alive =
  child.child.exitCode === null &&
  (await fetch(`${child.baseUrl}/api/v1/health`).then(
    (r) => r.ok,
    () => false,
  ));
await child.stop();

const row = (name: string, r: FuzzReport) => [
  name,
  r.requests,
  r.byStatus['2xx'] ?? 0,
  r.byStatus['4xx'] ?? 0,
  r.byStatus['5xx'] ?? 0,
  r.failures.length,
  `${Object.keys(r.perRoute).length}/${r.routes}`,
  Math.round(r.seconds),
];
console.log(
  renderTable(
    ['transport', 'requests', '2xx', '4xx', '5xx', 'contract failures', 'routes reached', 's'],
    [row('app.inject (in process)', inProcess), row('HTTP (child process)', overHttp)],
  ),
);
console.log(`child hub alive and healthy at the end: ${alive ? 'yes' : 'NO'}; unhandled rejections: ${crashes}`);
const failures = [...inProcess.failures, ...overHttp.failures];
for (const f of failures.slice(0, 15))
  console.log(`  FAIL ${f.problem}: ${f.request.method} ${f.request.url} ${f.request.body?.slice(0, 120) ?? ''} → ${f.body}`);
const ok = failures.length === 0 && alive && crashes === 0;
console.log(`\n${ok ? 'OK' : 'FAILED'}: fuzz finished in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${seed}).`);
process.exit(ok ? 0 : 1);
