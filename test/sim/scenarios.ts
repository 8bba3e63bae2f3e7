/**
 * Synthetic business days for `npm run simulate`. Each scenario is a site (services, counters,
 * clerks' skills) and a demand (arrivals per day, their spread over the day, classes,
 * appointments, no-shows, transfers). The queue policy is the demo site's, read through the
 * real configuration loader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, resolveConfig } from '@callboard/hub/config';
import type { CounterServiceLink } from '@callboard/hub/protocol';
import type { QueuePolicy } from '@callboard/hub/queue';

export interface SimService {
  id: string;
  /** True mean visit length; `avgServiceSec` is what the site configured as the estimate's seed. */
  meanServiceSec: number;
  cv: number;
  avgServiceSec: number;
  /** Share of walk-in arrivals. */
  share: number;
  appointments: boolean;
}

export interface SimCounter {
  id: string;
  links: CounterServiceLink[];
  /** The clerk's skills (undefined = everything the counter serves). */
  skills?: string[];
}

export interface Scenario {
  name: string;
  description: string;
  seed: number;
  arrivals: number;
  /** Minutes after midnight. */
  open: number;
  lastArrival: number;
  /** Relative arrival intensity from each start minute until the next. */
  profile: readonly (readonly [number, number])[];
  services: SimService[];
  counters: SimCounter[];
  /** Shares of arrivals; the rest are normal walk-ins. */
  classes: { appointment: number; priority: number; return: number; missed?: number };
  /** A window of the day in which the priority share is replaced (a flood of priority visitors). */
  flood?: { from: number; to: number; priority: number };
  noShowRate: number;
  /** How long a counter waits for a visitor who does not come (recalls) before giving up. */
  noShowWaitSec: number;
  transferRate: number;
  policy: QueuePolicy;
  /** Other policies to replay the same day under, for the per-policy comparison (hospital). */
  compare?: Record<string, QueuePolicy>;
}

const DEMO_CONFIG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/callboard.demo.json');

export function demoPolicy(): QueuePolicy {
  return loadConfig(DEMO_CONFIG, {}).queue.policy;
}

const hm = (h: number, m = 0) => h * 60 + m;

/**
 * The hospital of docs/queue-policy.md §4a: the demo's classes plus `missed`, under strict rank
 * or under first visit 2 : return 1 : missed 1 (1 : 1 : 1 while returning patients outnumber
 * first visits), read through the real configuration loader like the demo's.
 */
function hospitalPolicies(): { strict: QueuePolicy; ratio: QueuePolicy } {
  const raw = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));
  raw.queue.priorities.push('missed');
  raw.queue.noShow = { ...raw.queue.noShow, requeueClass: 'missed', maxRequeues: 1 };
  const strict = resolveConfig(raw, {}, DEMO_CONFIG, path.dirname(DEMO_CONFIG)).queue.policy;
  const share = (c: string, weight: number) => ({ class: c, weight });
  raw.queue.ratio = {
    shares: [share('normal', 2), share('return', 1), share('missed', 1)],
    switches: [
      { when: { class: 'return', outnumbers: 'normal' }, shares: [share('normal', 1), share('return', 1), share('missed', 1)] },
    ],
  };
  const ratio = resolveConfig(raw, {}, DEMO_CONFIG, path.dirname(DEMO_CONFIG)).queue.policy;
  return { strict, ratio };
}

const services = (): SimService[] => [
  { id: 'A', meanServiceSec: 300, cv: 0.6, avgServiceSec: 300, share: 0.45, appointments: false },
  { id: 'B', meanServiceSec: 420, cv: 0.6, avgServiceSec: 420, share: 0.35, appointments: false },
  { id: 'C', meanServiceSec: 480, cv: 0.6, avgServiceSec: 480, share: 0.2, appointments: true },
];

const link = (serviceId: string, weight = 1): CounterServiceLink => ({ serviceId, weight });

/** The ten counters of an admissions-week hall; counter 3 is the demo's A×2 + B×1 counter. */
const tenCounters = (): SimCounter[] => [
  { id: '1', links: [link('A')] },
  { id: '2', links: [link('A')] },
  { id: '3', links: [link('A', 2), link('B', 1)] },
  { id: '4', links: [link('B')] },
  { id: '5', links: [link('B')] },
  { id: '6', links: [link('B'), link('C')], skills: ['B'] }, // this clerk is not trained for permits
  { id: '7', links: [link('B'), link('C')] },
  { id: '8', links: [link('C')] },
  { id: '9', links: [link('C')] },
  { id: '10', links: [link('C')] },
];

/** Admissions week: a crowd at opening, a long busy morning, a quieter afternoon. */
const peakProfile = [
  [hm(8, 30), 6],
  [hm(9), 4],
  [hm(11), 2],
  [hm(12), 0.5],
  [hm(13, 30), 1.5],
  [hm(15), 1],
] as const;

export function scenario(name: string, seed = 1): Scenario {
  const policy = demoPolicy();
  const common = {
    seed,
    open: hm(8, 30),
    lastArrival: hm(16, 30),
    services: services(),
    noShowRate: 0.04,
    noShowWaitSec: 120,
    transferRate: 0.03,
    policy,
  };
  switch (name) {
    case 'normal':
      return {
        ...common,
        name,
        description: 'an ordinary day at the demo hall: 85 arrivals, the demo’s 4 counters',
        arrivals: 85,
        profile: [
          [hm(8, 30), 2],
          [hm(11), 1],
          [hm(14), 1.5],
        ],
        counters: [
          { id: '1', links: [link('A')] },
          { id: '2', links: [link('A', 2), link('B', 1)] },
          { id: '3', links: [link('B'), link('C')] },
          { id: '4', links: [link('C')] },
        ],
        classes: { appointment: 0.1, priority: 0.1, return: 0.1 },
      };
    case 'peak':
      return {
        ...common,
        name,
        description: 'admissions week: 450 arrivals, 10 counters, a heavy morning',
        arrivals: 450,
        profile: peakProfile,
        counters: tenCounters(),
        classes: { appointment: 0.12, priority: 0.1, return: 0.15 },
      };
    case 'priority-flood':
      return {
        ...common,
        name,
        description: 'peak day with a priority flood: 70% priority visitors from 09:30 to 11:30',
        arrivals: 450,
        profile: peakProfile,
        counters: tenCounters(),
        classes: { appointment: 0.12, priority: 0.1, return: 0.15 },
        flood: { from: hm(9, 30), to: hm(11, 30), priority: 0.7 },
      };
    case 'hospital': {
      const { strict, ratio } = hospitalPolicies();
      return {
        ...common,
        name,
        description:
          'an outpatient morning: 400 arrivals at 8 rooms, 30% returning patients, 6% missed calls put back; ratio 2 : 1 : 1 vs strict rank',
        arrivals: 400,
        profile: [
          [hm(7, 30), 5],
          [hm(9, 30), 3],
          [hm(11, 30), 0.7],
          [hm(13, 30), 2],
          [hm(15), 1],
        ],
        services: [
          { id: 'A', meanServiceSec: 360, cv: 0.7, avgServiceSec: 360, share: 0.5, appointments: false },
          { id: 'B', meanServiceSec: 300, cv: 0.6, avgServiceSec: 300, share: 0.3, appointments: false },
          { id: 'C', meanServiceSec: 420, cv: 0.7, avgServiceSec: 420, share: 0.2, appointments: true },
        ],
        counters: [
          { id: '1', links: [link('A')] },
          { id: '2', links: [link('A')] },
          { id: '3', links: [link('A')] },
          { id: '4', links: [link('A', 2), link('B', 1)] },
          { id: '5', links: [link('B')] },
          { id: '6', links: [link('B'), link('C')] },
          { id: '7', links: [link('C')] },
          { id: '8', links: [link('C')] },
        ],
        classes: { appointment: 0.06, priority: 0.04, return: 0.3, missed: 0.06 },
        open: hm(7, 30),
        lastArrival: hm(16),
        noShowRate: 0.06,
        policy: ratio,
        compare: { strict },
      };
    }
    default:
      throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
  }
}

export const SCENARIOS = ['normal', 'peak', 'priority-flood', 'hospital'];
