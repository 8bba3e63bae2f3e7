/** Knobs of `npm run bench`, from the environment, with defaults that keep the whole run < 10 min. */
import { cpus, loadavg } from 'node:os';

const num = (name: string, dflt: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${v} is not a non-negative number`);
  return n;
};

export const knobs = {
  /** Seconds per autocannon run (each of hub and bare route runs `issueRounds` times). */
  issueSec: num('BENCH_ISSUE_SEC', 10),
  issueRounds: num('BENCH_ISSUE_ROUNDS', 2),
  connections: num('BENCH_CONNECTIONS', 100),
  screens: num('BENCH_SCREENS', 500),
  calls: num('BENCH_CALLS', 40),
  startupTickets: num('BENCH_STARTUP_TICKETS', 20_000),
  /** A year of closed days; 0 skips that start-up variant. */
  yearDays: num('BENCH_YEAR_DAYS', 250),
  yearTicketsPerDay: num('BENCH_YEAR_TICKETS_PER_DAY', 400),
  startupRuns: num('BENCH_STARTUP_RUNS', 2),
  /** Seconds to watch RSS fall after start-up (first run of each variant). */
  settleSec: num('BENCH_SETTLE_SEC', 20),
  mixedSec: num('BENCH_MIXED_SEC', 60),
  mixedIssuesPerMin: num('BENCH_MIXED_ISSUES_PER_MIN', 500),
  mixedCounters: num('BENCH_MIXED_COUNTERS', 20),
  mixedScreens: num('BENCH_MIXED_SCREENS', 200),
  /** auto: profile a scenario whose target was missed; always; never. */
  profile: (process.env.BENCH_PROFILE ?? 'auto') as 'auto' | 'always' | 'never',
};

export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    at: new Date().toISOString(),
  };
}
