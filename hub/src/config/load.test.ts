import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, type EnvOverrides, loadConfig, resolveConfig } from './load';

const BASE_DIR = path.join(tmpdir(), 'callboard-config-base');
const name = (s: string) => ({ zh: `${s}-zh`, en: `${s}-en` });

/** A fresh minimal valid config file each time, so tests can mutate it freely. */
function minimal(): any {
  return {
    site: { id: 'hall-1', name: name('hall') },
    services: [
      { id: 'A', prefix: 'A', name: name('general') },
      { id: 'B', prefix: 'B', name: name('insurance') },
    ],
    counters: [
      { id: 'c1', name: name('counter 1'), services: ['A'] },
      { id: 'c2', name: name('counter 2'), services: [{ serviceId: 'A', weight: 2 }, 'B'] },
    ],
  };
}

/** Runs resolveConfig and returns the problems it reports; fails the test if it does not throw. */
function problemsOf(raw: unknown, env: EnvOverrides = {}): string[] {
  try {
    resolveConfig(raw, env, 'test.json', BASE_DIR);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    // The message repeats every problem and names the source file.
    expect((err as Error).message).toContain('test.json');
    for (const p of problems) expect((err as Error).message).toContain(p);
    return problems;
  }
  throw new Error('expected resolveConfig to throw a ConfigError');
}

/** Exactly one problem, which must mention every given fragment. */
function expectOneProblem(raw: unknown, env: EnvOverrides, ...fragments: string[]): void {
  const problems = problemsOf(raw, env);
  expect(problems).toHaveLength(1);
  for (const f of fragments) expect(problems[0]).toContain(f);
}

describe('resolveConfig: a valid minimal config', () => {
  it('resolves with the documented defaults', () => {
    const cfg = resolveConfig(minimal(), {}, 'test.json', BASE_DIR);
    expect(cfg.server.port).toBe(8080);
    expect(cfg.server.host).toBe('0.0.0.0');
    expect(cfg.mqtt.port).toBe(1883);
    expect(cfg.mqtt.url).toBeUndefined();
    expect(cfg.mqtt.allowAnonymousDisplays).toBe(true);
    expect(cfg.site.id).toBe('hall-1');
    expect(cfg.site.timezone).toBe('Asia/Shanghai');
    expect(cfg.site.dayStartsAt).toBe('00:00');
    expect(cfg.site.publicUrl).toBe('http://localhost:8080');
    expect(cfg.dataDir).toBe(path.join(BASE_DIR, 'data'));
    expect(cfg.queue.priorities).toContain('normal');
    expect(cfg.queue.maxRecalls).toBe(3);
    expect(cfg.secret).toBeUndefined();
    expect(cfg.source).toBe('test.json');
    expect(cfg.staff).toEqual([]);
    expect(cfg.devices).toEqual([]);
    expect(cfg.services.map((s) => s.id)).toEqual(['A', 'B']);
    for (const s of cfg.services) {
      expect(s.numberRange).toEqual([1, 999]);
      expect(s.walkIns).toBe(true);
      expect(s.appointments).toBe(false);
    }
  });

  it('turns plain service ids of a counter into links of weight 1 and keeps explicit weights', () => {
    const cfg = resolveConfig(minimal(), {}, 'test.json', BASE_DIR);
    expect(cfg.counters).toEqual([
      { id: 'c1', name: name('counter 1'), services: [{ serviceId: 'A', weight: 1 }] },
      {
        id: 'c2',
        name: name('counter 2'),
        services: [
          { serviceId: 'A', weight: 2 },
          { serviceId: 'B', weight: 1 },
        ],
      },
    ]);
  });

  it("adds 'normal' to a priority list that lacks it and keeps the given order", () => {
    const raw = minimal();
    raw.queue = { priorities: ['elderly', 'appointment'] };
    const cfg = resolveConfig(raw, {}, 'test.json', BASE_DIR);
    expect(cfg.queue.priorities).toEqual(['elderly', 'appointment', 'normal']);
  });

  it('keeps values given in the file instead of the defaults', () => {
    const raw = minimal();
    raw.server = { port: 9000, host: '127.0.0.1' };
    raw.mqtt = { port: 1999, allowAnonymousDisplays: false };
    raw.services[0].numberRange = [100, 500];
    raw.site.timezone = 'Europe/Paris';
    raw.site.dayStartsAt = '04:00';
    const cfg = resolveConfig(raw, {}, 'test.json', BASE_DIR);
    expect(cfg.server).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(cfg.mqtt.port).toBe(1999);
    expect(cfg.mqtt.allowAnonymousDisplays).toBe(false);
    expect(cfg.services[0]?.numberRange).toEqual([100, 500]);
    expect(cfg.site.timezone).toBe('Europe/Paris');
    expect(cfg.site.dayStartsAt).toBe('04:00');
    expect(cfg.site.publicUrl).toBe('http://localhost:9000');
  });
});

describe('resolveConfig: each mistake is a clear problem naming its place', () => {
  it('a counter naming an unknown service', () => {
    const raw = minimal();
    raw.counters[1].services.push('Z');
    expectOneProblem(raw, {}, 'counters.1.services.2', '"c2"', 'unknown service "Z"');
  });

  it('a duplicate service prefix', () => {
    const raw = minimal();
    raw.services[1].prefix = 'A';
    expectOneProblem(raw, {}, 'services.1.prefix', '"A"', 'already used by service "A"');
  });

  it('a duplicate service id', () => {
    const raw = minimal();
    raw.services.push({ id: 'B', prefix: 'C', name: name('again') });
    expectOneProblem(raw, {}, 'services.2.id', 'duplicate service id "B"');
  });

  it('a duplicate counter id', () => {
    const raw = minimal();
    raw.counters.push({ id: 'c1', name: name('again'), services: ['B'] });
    expectOneProblem(raw, {}, 'counters.2.id', 'duplicate counter id "c1"');
  });

  it('a service listed twice in one counter, whether as id or as link', () => {
    const raw = minimal();
    raw.counters[1].services.push({ serviceId: 'B', weight: 3 });
    expectOneProblem(raw, {}, 'counters.1.services.2', 'service "B" is listed twice');
  });

  it('a staff skill naming an unknown service', () => {
    const raw = minimal();
    raw.staff = [
      { username: 'ok', name: 'Ok', role: 'clerk', skills: ['A'], password: 'password-1' },
      { username: 'wang', name: 'Wang', role: 'clerk', skills: ['B', 'Q'], password: 'password-2' },
    ];
    expectOneProblem(raw, {}, 'staff.1.skills', 'unknown service "Q"');
  });

  it('a duplicate staff username and a duplicate device id', () => {
    const raw = minimal();
    raw.staff = [
      { username: 'wang', name: 'Wang', role: 'clerk', password: 'password-1' },
      { username: 'wang', name: 'Wang 2', role: 'admin', password: 'password-2' },
    ];
    raw.devices = [
      { id: 'k1', kind: 'kiosk', name: 'Kiosk', token: 'a-long-enough-token-1' },
      { id: 'k1', kind: 'bridge', name: 'Bridge', token: 'a-long-enough-token-2' },
    ];
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith('staff.1.username'))).toContain('"wang"');
    expect(problems.find((p) => p.startsWith('devices.1.id'))).toContain('"k1"');
  });

  it('a number range whose start is after its end', () => {
    const raw = minimal();
    raw.services[1].numberRange = [500, 100];
    expectOneProblem(raw, {}, 'services.1.numberRange', '500', '100');
  });

  it('accepts a one-number range (start equal to end)', () => {
    const raw = minimal();
    raw.services[0].numberRange = [7, 7];
    expect(resolveConfig(raw, {}, 'test.json', BASE_DIR).services[0]?.numberRange).toEqual([7, 7]);
  });

  it('an unknown top-level key', () => {
    const raw = minimal();
    raw.colour = 'blue';
    expectOneProblem(raw, {}, '(top level)', 'unknown key(s) colour');
  });

  it('an unknown nested key names its place', () => {
    const raw = minimal();
    raw.services[0].colour = 'blue';
    expectOneProblem(raw, {}, 'services.0', 'colour');
  });

  it('a port written as a string in the file', () => {
    const raw = minimal();
    raw.server = { port: '8080' };
    expectOneProblem(raw, {}, 'server.port', 'integer');
  });

  it.each(['abc', '70000', '-1', '80.5'])('a bad PORT=%s in the environment', (value) => {
    expectOneProblem(minimal(), { PORT: value }, 'PORT', JSON.stringify(value), 'not a port number');
  });

  it('a bad MQTT_PORT in the environment', () => {
    expectOneProblem(minimal(), { MQTT_PORT: 'x' }, 'MQTT_PORT', '"x"');
  });

  it('MQTT_PORT equal to PORT', () => {
    expectOneProblem(minimal(), { PORT: '9000', MQTT_PORT: '9000' }, 'mqtt.port 9000', 'server.port');
  });

  it('PORT equal to the default MQTT port', () => {
    expectOneProblem(minimal(), { PORT: '1883' }, 'mqtt.port 1883', 'server.port');
  });

  it('no port clash when the broker is external (MQTT_URL set) or both ports are 0 (tests)', () => {
    const external = resolveConfig(minimal(), { PORT: '1883', MQTT_URL: 'mqtt://broker:1883' }, 'test.json', BASE_DIR);
    expect(external.server.port).toBe(1883);
    const ephemeral = resolveConfig(minimal(), { PORT: '0', MQTT_PORT: '0' }, 'test.json', BASE_DIR);
    expect(ephemeral.server.port).toBe(0);
    expect(ephemeral.mqtt.port).toBe(0);
  });

  it.each(['http://broker:1883', 'broker:1883', 'mqtt://'])('a bad MQTT_URL=%s', (value) => {
    expectOneProblem(minimal(), { MQTT_URL: value }, 'MQTT_URL', `"${value}"`);
  });

  it('an unknown time zone, from the file or from TZ_SITE', () => {
    const raw = minimal();
    raw.site.timezone = 'Mars/Olympus_Mons';
    expectOneProblem(raw, {}, 'site.timezone', 'Mars/Olympus_Mons');
    const late = minimal();
    late.site.dayStartsAt = '24:00';
    expectOneProblem(late, {}, 'site.dayStartsAt');
    // A service's own day start only later than the site's (an evening clinic to 04:00).
    const early = minimal();
    early.site.dayStartsAt = '04:00';
    early.services[0].dayStartsAt = '02:00';
    expectOneProblem(early, {}, 'services.0.dayStartsAt', 'before the site');
    const clinic = minimal();
    clinic.services[0].dayStartsAt = '04:00';
    expect(resolveConfig(clinic, {}, 'test.json', BASE_DIR).services[0]?.dayStartsAt).toBe('04:00');
    expectOneProblem(minimal(), { TZ_SITE: 'Nowhere/Town' }, 'Nowhere/Town');
  });

  it('a SITE_ID from the environment that could not be an MQTT topic segment', () => {
    expectOneProblem(minimal(), { SITE_ID: 'hall/1' }, 'SITE_ID', 'hall/1');
  });

  it('reports several mistakes at once', () => {
    const raw = minimal();
    raw.services[1].prefix = 'A';
    raw.services[0].numberRange = [9, 1];
    raw.counters[0].services = ['A', 'A', 'Nope'];
    raw.site.timezone = 'Bad/Zone';
    const problems = problemsOf(raw, { PORT: 'abc', MQTT_URL: 'ftp://x' });
    const places = [
      'services.1.prefix',
      'services.0.numberRange',
      'counters.0.services.1',
      'counters.0.services.2',
      'site.timezone',
      'PORT',
      'MQTT_URL',
    ];
    expect(problems).toHaveLength(places.length);
    for (const place of places) expect(problems.some((p) => p.includes(place))).toBe(true);
  });

  it('reports a file that is not an object, or lacks services and counters, as problems (not a crash)', () => {
    for (const raw of [null, [], 'site: x', 42]) expect(problemsOf(raw).length).toBeGreaterThan(0);
    const raw = minimal();
    delete raw.services;
    delete raw.counters;
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.includes('services'))).toBe(true);
    expect(problems.some((p) => p.includes('counters'))).toBe(true);
  });

  it('reports several schema mistakes at once', () => {
    const raw = minimal();
    raw.server = { port: 'eighty' };
    raw.services[0].prefix = 'lower';
    raw.extra = true;
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith('server.port'))).toBe(true);
    expect(problems.some((p) => p.startsWith('services.0.prefix'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown key(s) extra'))).toBe(true);
  });

  it('reports reference mistakes in the same pass as schema mistakes elsewhere in the file', () => {
    const raw = minimal();
    raw.server = { port: 'eighty' };
    raw.counters[0].services = ['NOPE'];
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith('server.port'))).toBe(true);
    expect(problems.some((p) => p.includes('names unknown service "NOPE"'))).toBe(true);
  });
});

describe('resolveConfig: environment overrides', () => {
  it('PORT and MQTT_PORT override the file', () => {
    const raw = minimal();
    raw.server = { port: 8000 };
    raw.mqtt = { port: 1800 };
    const cfg = resolveConfig(raw, { PORT: '9001', MQTT_PORT: '19001' }, 'test.json', BASE_DIR);
    expect(cfg.server.port).toBe(9001);
    expect(cfg.mqtt.port).toBe(19001);
    expect(cfg.site.publicUrl).toBe('http://localhost:9001');
  });

  it('an empty variable does not override', () => {
    const raw = minimal();
    raw.server = { port: 8000 };
    const cfg = resolveConfig(raw, { PORT: '', SITE_ID: '', DATA_DIR: '' }, 'test.json', BASE_DIR);
    expect(cfg.server.port).toBe(8000);
    expect(cfg.site.id).toBe('hall-1');
    expect(cfg.dataDir).toBe(path.join(BASE_DIR, 'data'));
  });

  it('MQTT_URL selects an external broker: no embedded listener (port null)', () => {
    const raw = minimal();
    raw.mqtt = { port: 1884 };
    const cfg = resolveConfig(
      raw,
      { MQTT_URL: 'mqtts://broker.example:8883', MQTT_USERNAME: 'hub', MQTT_PASSWORD: 'pw' },
      'test.json',
      BASE_DIR,
    );
    expect(cfg.mqtt.port).toBeNull();
    expect(cfg.mqtt.url).toBe('mqtts://broker.example:8883');
    expect(cfg.mqtt.username).toBe('hub');
    expect(cfg.mqtt.password).toBe('pw');
  });

  it('DATA_DIR is resolved against the config file directory; an absolute one is kept', () => {
    const rel = resolveConfig(minimal(), { DATA_DIR: 'var/cb' }, 'test.json', BASE_DIR);
    expect(rel.dataDir).toBe(path.join(BASE_DIR, 'var', 'cb'));
    const abs = path.join(tmpdir(), 'elsewhere');
    expect(resolveConfig(minimal(), { DATA_DIR: abs }, 'test.json', BASE_DIR).dataDir).toBe(abs);
    const raw = minimal();
    raw.dataDir = '../shared-data';
    expect(resolveConfig(raw, {}, 'test.json', BASE_DIR).dataDir).toBe(path.resolve(BASE_DIR, '../shared-data'));
  });

  it('SITE_ID, HOST, TZ_SITE and CALLBOARD_SECRET override the file', () => {
    const cfg = resolveConfig(
      minimal(),
      { SITE_ID: 'branch_7', HOST: '::1', TZ_SITE: 'America/New_York', CALLBOARD_SECRET: 's'.repeat(32) },
      'test.json',
      BASE_DIR,
    );
    expect(cfg.site.id).toBe('branch_7');
    expect(cfg.server.host).toBe('::1');
    expect(cfg.site.timezone).toBe('America/New_York');
    expect(cfg.secret).toBe('s'.repeat(32));
  });

  it('PUBLIC_URL has its trailing slash stripped, and so does the file value', () => {
    const fromEnv = resolveConfig(minimal(), { PUBLIC_URL: 'https://queue.example.org/' }, 'test.json', BASE_DIR);
    expect(fromEnv.site.publicUrl).toBe('https://queue.example.org');
    const raw = minimal();
    raw.site.publicUrl = 'http://10.0.0.5:8080/';
    expect(resolveConfig(raw, {}, 'test.json', BASE_DIR).site.publicUrl).toBe('http://10.0.0.5:8080');
    const noSlash = resolveConfig(minimal(), { PUBLIC_URL: 'https://q.example.org/hall' }, 'test.json', BASE_DIR);
    expect(noSlash.site.publicUrl).toBe('https://q.example.org/hall');
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'callboard-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a file that is not valid JSON, naming the file', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ "site": { "id": "x", }');
    let caught: unknown;
    try {
      loadConfig(file, {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^not valid JSON/);
    expect((caught as Error).message).toContain(file);
  });

  it('reports a missing file', () => {
    const file = path.join(dir, 'absent.json');
    expect(() => loadConfig(file, {})).toThrow(ConfigError);
    try {
      loadConfig(file, {});
    } catch (err) {
      expect((err as ConfigError).problems[0]).toContain('cannot read the file');
    }
  });

  it('reads YAML and resolves paths against the file directory', () => {
    const file = path.join(dir, 'site.yaml');
    writeFileSync(
      file,
      [
        'site:',
        '  id: yaml-site',
        '  name: { zh: 大厅, en: Hall }',
        'server:',
        '  port: 8090',
        'dataDir: ./state',
        'services:',
        '  - id: A',
        '    prefix: A',
        '    name: { zh: 综合, en: General }',
        '    numberRange: [1, 300]',
        'counters:',
        '  - id: "1"',
        '    name: { zh: 1号窗口, en: Counter 1 }',
        '    services: [A]',
        '',
      ].join('\n'),
    );
    const cfg = loadConfig(file, {});
    expect(cfg.site.id).toBe('yaml-site');
    expect(cfg.site.name).toEqual({ zh: '大厅', en: 'Hall' });
    expect(cfg.server.port).toBe(8090);
    expect(cfg.services[0]?.numberRange).toEqual([1, 300]);
    expect(cfg.counters[0]?.id).toBe('1');
    expect(cfg.dataDir).toBe(path.join(dir, 'state'));
    expect(cfg.source).toBe(file);
  });

  it('reports invalid YAML as YAML', () => {
    const file = path.join(dir, 'broken.yml');
    writeFileSync(file, 'site:\n  id: [unclosed\n');
    try {
      loadConfig(file, {});
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems[0]).toMatch(/^not valid YAML/);
    }
  });

  it('loads the demo configuration cleanly', () => {
    const file = path.resolve(import.meta.dirname, '../../../config/callboard.demo.json');
    const cfg = loadConfig(file, {});
    expect(cfg.site.id).toBe('demo');
    expect(cfg.services.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    expect(cfg.services.map((s) => s.prefix)).toEqual(['A', 'B', 'C']);
    expect(cfg.counters).toHaveLength(4);
    // Every counter link points at a configured service.
    const ids = new Set(cfg.services.map((s) => s.id));
    for (const c of cfg.counters) for (const l of c.services) expect(ids.has(l.serviceId)).toBe(true);
    expect(cfg.dataDir).toBe(path.resolve(path.dirname(file), '../data'));
  });
});

describe('resolveConfig: queue policy', () => {
  const MIN = 60_000;

  it('defaults to appointment, priority, normal with a 30-minute bound, keep-transfers and a 30-minute re-queue window', () => {
    const { policy, priorities } = resolveConfig(minimal(), {}, 'test.json', BASE_DIR).queue;
    expect(priorities).toEqual(['appointment', 'priority', 'normal']);
    expect(policy.classes.map((c) => [c.id, c.rank, c.boundMs])).toEqual([
      ['appointment', 0, 30 * MIN],
      ['priority', 1, 30 * MIN],
      ['normal', 2, 30 * MIN],
    ]);
    expect(policy.appointmentClass).toBe('appointment');
    expect(policy.appointmentWindow).toEqual({ earlyMs: 30 * MIN, graceMs: 10 * MIN, late: 'walk-in' });
    expect(policy.transfer).toBe('keep');
    expect(policy.noShow).toEqual({ requeueWithinMs: 30 * MIN });
  });

  it('reads per-class settings, windows, transfer modes and no-show rules, per site and per service', () => {
    const raw = minimal();
    raw.queue = {
      maxRecalls: 4,
      starvationBoundMin: 40,
      priorities: [
        { id: 'booked', appointment: true, starvationBoundMin: 15 },
        { id: 'elderly', minAge: 70, starvationBoundMin: 25 },
        'return',
      ],
      appointmentWindow: { earlyMin: 20, late: 'keep' },
      transfer: 'head',
      noShow: { afterRecalls: 4, afterMin: 5, requeueWithinMin: 0 },
    };
    raw.services[1].appointmentWindow = { graceMin: 0 };
    raw.services[1].transfer = 'back';
    const { policy, priorities } = resolveConfig(raw, {}, 'test.json', BASE_DIR).queue;
    expect(priorities).toEqual(['booked', 'elderly', 'return', 'normal']);
    expect(policy.classes).toEqual([
      { id: 'booked', rank: 0, boundMs: 15 * MIN },
      { id: 'elderly', rank: 1, boundMs: 25 * MIN, minAge: 70 },
      { id: 'return', rank: 2, boundMs: 40 * MIN },
      { id: 'normal', rank: 3, boundMs: 40 * MIN },
    ]);
    expect(policy.appointmentClass).toBe('booked');
    expect(policy.appointmentWindow).toEqual({ earlyMs: 20 * MIN, graceMs: 10 * MIN, late: 'keep' });
    expect(policy.serviceWindows).toEqual({ B: { earlyMs: 20 * MIN, graceMs: 0, late: 'keep' } });
    expect(policy.transfer).toBe('head');
    expect(policy.serviceTransfers).toEqual({ B: 'back' });
    expect(policy.noShow).toEqual({ afterRecalls: 4, afterMs: 5 * MIN, requeueWithinMs: 0 });
  });

  it('has no appointment class when none is named or marked', () => {
    const raw = minimal();
    raw.queue = { priorities: ['priority'] };
    expect(resolveConfig(raw, {}, 'test.json', BASE_DIR).queue.policy.appointmentClass).toBeUndefined();
    raw.queue = { priorities: [{ id: 'appointment', appointment: false }] };
    expect(resolveConfig(raw, {}, 'test.json', BASE_DIR).queue.policy.appointmentClass).toBeUndefined();
  });

  it('refuses a higher class with a longer bound than a lower one', () => {
    const raw = minimal();
    raw.queue = { starvationBoundMin: 30, priorities: [{ id: 'priority', starvationBoundMin: 45 }] };
    expectOneProblem(raw, {}, 'queue.priorities.0', '"priority" (45 min)', '"normal" (30 min)');
  });

  it('refuses duplicate classes, two appointment classes, and an unreachable recall rule', () => {
    const raw = minimal();
    raw.queue = {
      maxRecalls: 2,
      priorities: ['vip', 'vip', { id: 'a', appointment: true }, { id: 'b', appointment: true }],
      noShow: { afterRecalls: 3 },
    };
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain('queue.priorities.1: class "vip" is listed twice');
    expect(problems.join('\n')).toContain('only one class may be the appointment class (marked: a, b)');
    expect(problems.join('\n')).toContain('queue.noShow.afterRecalls: 3 recalls can never happen with queue.maxRecalls 2');
  });

  it('refuses unknown keys and bad values in the new sections', () => {
    const raw = minimal();
    raw.queue = { transfer: 'front', appointmentWindow: { earlyMin: -1 }, priorities: [{ id: 'x', weight: 2 }] };
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith('queue.transfer'))).toBe(true);
    expect(problems.some((p) => p.startsWith('queue.appointmentWindow.earlyMin'))).toBe(true);
    expect(problems.some((p) => p.startsWith('queue.priorities.0'))).toBe(true);
  });

  it('the demo site: appointment, priority (70+), return, normal; counter 2 serves A twice as often as B', () => {
    const cfg = loadConfig(path.resolve(import.meta.dirname, '../../../config/callboard.demo.json'), {});
    expect(cfg.queue.priorities).toEqual(['appointment', 'priority', 'return', 'normal']);
    expect(cfg.queue.policy.classes.find((c) => c.id === 'priority')?.minAge).toBe(70);
    expect(cfg.counters.find((c) => c.id === '2')?.services).toEqual([
      { serviceId: 'A', weight: 2 },
      { serviceId: 'B', weight: 1 },
    ]);
  });
});

describe('retention settings', () => {
  it('keep identities 90 days, audit entries two years, and run at 02:00 unless the site says otherwise', () => {
    expect(resolveConfig(minimal(), {}, 'test.json', BASE_DIR).retention).toEqual({
      enabled: true,
      time: '02:00',
      identityDays: 90,
      appointmentDays: 90,
      auditDays: 730,
    });
    const raw = minimal();
    raw.retention = { identityDays: 30, appointmentDays: 14, auditDays: 365, time: '01:30', enabled: false };
    expect(resolveConfig(raw, {}, 'test.json', BASE_DIR).retention).toEqual({
      enabled: false,
      time: '01:30',
      identityDays: 30,
      appointmentDays: 14,
      auditDays: 365,
    });
  });

  it('refuse fewer days than the hub needs to match a week of repeat visits, and unknown keys', () => {
    const raw = minimal();
    raw.retention = { identityDays: 7, keepForever: true };
    const problems = problemsOf(raw).join('\n');
    expect(problems).toMatch(/retention\.identityDays must be >= 8/);
    expect(problems).toMatch(/keepForever/);
  });
});
