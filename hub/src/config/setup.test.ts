import { describe, expect, it } from 'vitest';
import type { SiteSetup } from '../protocol';
import { SiteSetup as SiteSetupSchema } from '../protocol';
import { resolveSetup, schemaProblems } from './setup';

const base: SiteSetup = {
  services: [{ id: 'A', prefix: 'A', name: { zh: '综合', en: 'General' } }],
  counters: [{ id: '1', name: { zh: '1号窗口', en: 'Counter 1' }, services: ['A'] }],
};

function resolved(queue: SiteSetup['queue']) {
  const problems: string[] = [];
  const r = resolveSetup({ ...base, ...(queue ? { queue } : {}) }, { staff: [] }, problems);
  expect(problems).toEqual([]);
  return r.queue;
}

describe('priority class names', () => {
  it('gives the shipped classes their names in both languages', () => {
    expect(resolved(undefined).classes).toEqual([
      { id: 'appointment', name: { zh: '预约', en: 'Appointment' } },
      { id: 'priority', name: { zh: '优先', en: 'Priority' } },
      { id: 'normal', name: { zh: '普通', en: 'Normal' } },
    ]);
  });

  it("lays the set-up's names over the defaults language by language; a site's own class has only its own", () => {
    const { classes } = resolved({
      priorities: [{ id: 'priority', name: { en: 'Seniors' } }, { id: 'vip', name: { zh: '贵宾' } }, 'normal'],
    });
    expect(classes).toEqual([
      { id: 'priority', name: { zh: '优先', en: 'Seniors' } },
      { id: 'vip', name: { zh: '贵宾' } },
      { id: 'normal', name: { zh: '普通', en: 'Normal' } },
    ]);
  });

  it('adds normal (with its names) when the set-up leaves it out', () => {
    expect(resolved({ priorities: ['vip'] }).classes).toEqual([
      { id: 'vip', name: {} },
      { id: 'normal', name: { zh: '普通', en: 'Normal' } },
    ]);
  });

  it('refuses an empty or unknown-language name in the schema', () => {
    const setup = {
      ...base,
      queue: {
        priorities: [
          { id: 'vip', name: { zh: '' } },
          { id: 'x', name: { fr: 'X' } },
        ],
      },
    };
    const problems = schemaProblems(SiteSetupSchema, setup);
    expect(problems.some((p) => p.includes('queue.priorities.0'))).toBe(true);
    expect(problems.some((p) => p.includes('queue.priorities.1'))).toBe(true);
  });
});

describe('the outcome rule', () => {
  it('is off unless the set-up turns it on', () => {
    expect(resolved(undefined).outcomeRequired).toBe(false);
    expect(resolved({ outcomeRequired: true }).outcomeRequired).toBe(true);
  });
});

describe('multi-stop routes in the set-up', () => {
  const two: SiteSetup = {
    services: [
      { id: 'A', prefix: 'A', name: { zh: '挂号', en: 'Registration' }, route: ['B'], where: { zh: '1楼', en: '1F' } },
      { id: 'B', prefix: 'B', name: { zh: '缴费', en: 'Payment' }, stopArrival: 'original' },
    ],
    counters: [{ id: '1', name: { zh: '1号窗口', en: 'Counter 1' }, services: ['A', 'B'] }],
  };
  const problemsOf = (setup: SiteSetup) => {
    const problems: string[] = [];
    const r = resolveSetup(setup, { staff: [] }, problems);
    return { problems, services: r.services };
  };

  it('keeps route, where and stopArrival on the services', () => {
    const { problems, services } = problemsOf(two);
    expect(problems).toEqual([]);
    expect(services[0]).toMatchObject({ route: ['B'], where: { zh: '1楼', en: '1F' } });
    expect(services[1]).toMatchObject({ stopArrival: 'original' });
  });

  it('refuses an unknown service, a stop to itself, and an empty route', () => {
    const bad = structuredClone(two);
    (bad.services[0] as { route: string[] }).route = ['Z'];
    expect(problemsOf(bad).problems).toEqual([expect.stringMatching(/^services\.0\.route: .*no service "Z"/)]);
    (bad.services[0] as { route: string[] }).route = ['A', 'B'];
    expect(problemsOf(bad).problems).toEqual([expect.stringMatching(/^services\.0\.route: .*"A" twice in a row/)]);
    (bad.services[0] as { route: string[] }).route = [];
    expect(schemaProblems(SiteSetupSchema, bad).join(' ')).toMatch(/services\/0\/route|services\.0\.route/);
  });
});
