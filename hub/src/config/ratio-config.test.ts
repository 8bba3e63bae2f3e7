/** The `ratio` and missed-call settings of the set-up (docs/queue-policy.md "Interleave ratios"). */

import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from './load';

const BASE_DIR = path.join(tmpdir(), 'callboard-config-base');
const name = (s: string) => ({ zh: `${s}-zh`, en: `${s}-en` });
const share = (c: string, weight: number) => ({ class: c, weight });

function hospital(): any {
  return {
    site: { id: 'clinic', name: name('clinic') },
    services: [
      { id: 'A', prefix: 'A', name: name('internal medicine') },
      { id: 'B', prefix: 'B', name: name('pharmacy'), ratio: { shares: [share('normal', 1), share('return', 1)] } },
    ],
    counters: [{ id: 'c1', name: name('room 1'), services: ['A', 'B'] }],
    queue: {
      priorities: ['priority', 'normal', 'return', 'missed'],
      ratio: {
        shares: [share('normal', 2), share('return', 1), share('missed', 1)],
        switches: [
          {
            when: { class: 'return', outnumbers: 'normal' },
            shares: [share('normal', 1), share('return', 1), share('missed', 1)],
          },
        ],
      },
      noShow: { requeueClass: 'missed', maxRequeues: 1 },
    },
  };
}

const resolve = (raw: unknown) => resolveConfig(raw, {}, 'test.json', BASE_DIR).queue.policy;
function problemsOf(raw: unknown): string[] {
  try {
    resolve(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('interleave ratios in the set-up', () => {
  it('resolves the site ratio for every service, a service ratio overriding it, and the missed-call rule', () => {
    const policy = resolve(hospital());
    expect(policy.ratios?.A).toEqual({
      shares: [
        { classId: 'normal', weight: 2 },
        { classId: 'return', weight: 1 },
        { classId: 'missed', weight: 1 },
      ],
      switches: [
        {
          classId: 'return',
          outnumbers: 'normal',
          shares: [
            { classId: 'normal', weight: 1 },
            { classId: 'return', weight: 1 },
            { classId: 'missed', weight: 1 },
          ],
        },
      ],
    });
    expect(policy.ratios?.B).toEqual({
      shares: [
        { classId: 'normal', weight: 1 },
        { classId: 'return', weight: 1 },
      ],
    });
    expect(policy.noShow).toMatchObject({ requeueClass: 'missed', maxRequeues: 1 });
  });

  it('has no ratio when none is configured', () => {
    const raw = hospital();
    delete raw.queue.ratio;
    delete raw.services[1].ratio;
    expect(resolve(raw).ratios).toBeUndefined();
  });

  it('refuses unknown or repeated classes, switches over other classes, and an unknown re-queue class', () => {
    const raw = hospital();
    raw.queue.ratio.shares = [share('normal', 2), share('vip', 1), share('normal', 1)];
    raw.queue.ratio.switches = [
      { when: { class: 'return', outnumbers: 'normal' }, shares: [share('normal', 1), share('return', 1)] },
    ];
    raw.queue.noShow.requeueClass = 'late';
    delete raw.services[1].ratio;
    const problems = problemsOf(raw).join('\n');
    expect(problems).toContain('queue.ratio.shares.1.class: "vip" is not a class');
    expect(problems).toContain('queue.ratio.shares.2.class: "normal" is listed twice');
    expect(problems).toContain('queue.ratio.switches.0.shares: name the same classes');
    expect(problems).toContain('queue.ratio.switches.0.when: "return" is not one of the ratio\'s classes');
    expect(problems).toContain('queue.noShow.requeueClass: "late" is not a class');
  });

  it('refuses a bad weight or an unknown key by the schema', () => {
    const raw = hospital();
    raw.queue.ratio.shares[0].weight = 0;
    raw.services[1].ratio.every = 3;
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith('queue.ratio.shares.0.weight'))).toBe(true);
    expect(problems.some((p) => p.startsWith('services.1.ratio'))).toBe(true);
  });
});
