import { describe, expect, it } from 'vitest';
import { parseTopic, parseUplinkTopic, TOPIC_ROOT, topics } from './topics';

const BAD_SEGMENTS = ['', 'a/b', '+', '#', 'a+b', 'a#', '/', 'x'.repeat(65), 'with space', '$SYS'];

describe('topic builders', () => {
  it('build the documented topics under callboard/<siteId>/', () => {
    expect(TOPIC_ROOT).toBe('callboard');
    expect(topics.root('hall-1')).toBe('callboard/hall-1');
    expect(topics.calls('hall-1')).toBe('callboard/hall-1/calls');
    expect(topics.board('hall-1')).toBe('callboard/hall-1/board');
    expect(topics.counter('hall-1', '3')).toBe('callboard/hall-1/counters/3');
    expect(topics.counterWildcard('hall-1')).toBe('callboard/hall-1/counters/+');
    expect(topics.deviceStatus('hall-1', 'kiosk_1')).toBe('callboard/hall-1/devices/kiosk_1/status');
    expect(topics.deviceEvents('hall-1', 'kiosk_1')).toBe('callboard/hall-1/devices/kiosk_1/events');
    expect(topics.deviceCommands('hall-1', 'kiosk_1')).toBe('callboard/hall-1/devices/kiosk_1/commands');
  });

  it('accept a 64-character id', () => {
    const id = 'x'.repeat(64);
    expect(topics.counter(id, id)).toBe(`callboard/${id}/counters/${id}`);
  });

  it.each(BAD_SEGMENTS)('reject the site id %j in every builder', (bad) => {
    expect(() => topics.root(bad)).toThrow(/site id/);
    expect(() => topics.calls(bad)).toThrow(/site id/);
    expect(() => topics.board(bad)).toThrow(/site id/);
    expect(() => topics.counter(bad, '1')).toThrow(/site id/);
    expect(() => topics.counterWildcard(bad)).toThrow(/site id/);
    expect(() => topics.line(bad, 'A')).toThrow(/site id/);
    expect(() => topics.deviceStatus(bad, 'd')).toThrow(/site id/);
    expect(() => topics.deviceEvents(bad, 'd')).toThrow(/site id/);
    expect(() => topics.deviceCommands(bad, 'd')).toThrow(/site id/);
  });

  it.each(BAD_SEGMENTS)('reject the counter or device id %j', (bad) => {
    expect(() => topics.counter('s', bad)).toThrow(/counter id/);
    expect(() => topics.line('s', bad)).toThrow(/service id/);
    expect(() => topics.deviceStatus('s', bad)).toThrow(/device id/);
    expect(() => topics.deviceEvents('s', bad)).toThrow(/device id/);
    expect(() => topics.deviceCommands('s', bad)).toThrow(/device id/);
  });
});

describe('parseTopic', () => {
  const site = 'Site_9';
  const cases = [
    [topics.calls(site), { kind: 'calls', siteId: site }],
    [topics.board(site), { kind: 'board', siteId: site }],
    [topics.counter(site, 'c-12'), { kind: 'counter', siteId: site, counterId: 'c-12' }],
    [topics.line(site, 'A-2'), { kind: 'line', siteId: site, serviceId: 'A-2' }],
    [topics.deviceStatus(site, 'dev-1'), { kind: 'device-status', siteId: site, deviceId: 'dev-1' }],
    [topics.deviceEvents(site, 'dev-1'), { kind: 'device-events', siteId: site, deviceId: 'dev-1' }],
    [topics.deviceCommands(site, 'dev-1'), { kind: 'device-commands', siteId: site, deviceId: 'dev-1' }],
  ] as const;

  it.each(cases)('round-trips %s', (topic, parsed) => {
    expect(parseTopic(topic)).toEqual(parsed);
  });

  it('round-trips ids that look like keywords', () => {
    expect(parseTopic(topics.counter('board', 'calls'))).toEqual({ kind: 'counter', siteId: 'board', counterId: 'calls' });
    expect(parseTopic(topics.deviceEvents('devices', 'status'))).toEqual({
      kind: 'device-events',
      siteId: 'devices',
      deviceId: 'status',
    });
  });

  it.each([
    '',
    'callboard',
    'callboard/',
    'callboard/hall',
    'callboard/hall/',
    'callboard//calls',
    'callboard/+/calls',
    'callboard/#',
    'other/hall/calls',
    'Callboard/hall/calls',
    '/callboard/hall/calls',
    '$SYS/broker/uptime',
    'callboard/hall/calls/extra',
    'callboard/hall/board/x',
    'callboard/hall/queue',
    'callboard/hall/counters',
    'callboard/hall/counters/+',
    'callboard/hall/counters/#',
    'callboard/hall/counters/1/2',
    'callboard/hall/devices/d1',
    'callboard/hall/devices/d1/reboot',
    'callboard/hall/devices/+/status',
    'callboard/hall/devices//status',
    'callboard/hall/devices/d1/status/x',
  ])('returns null for the foreign topic %j', (topic) => {
    expect(parseTopic(topic)).toBeNull();
  });
});

describe('uplink topics (site → head office)', () => {
  it('head office subscribes to every kind a site sends, the erasures too, and parses them back', () => {
    const kinds = ['site-status', 'board', 'daily', 'audit', 'erasure', 'bridge-status'];
    expect(topics.uplinkWildcards()).toEqual(kinds.map((k) => `callboard/+/${k}`));
    expect(parseUplinkTopic(topics.erasure('north'))).toEqual({ siteId: 'north', kind: 'erasure' });
    expect(parseUplinkTopic(topics.audit('north'))).toEqual({ siteId: 'north', kind: 'audit' });
    expect(parseUplinkTopic('callboard/north/erasures')).toBeNull();
    expect(parseUplinkTopic('callboard/north/central/ack')).toBeNull();
    expect(parseUplinkTopic('callboard/+/erasure')).toBeNull();
  });
});
