import type { BoardSnapshot, QueueReply, Service } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { hoursToday, mergeTiles, nextOpeningText, pageOf, tilesThatFit } from './tiles';

const service = (id: string, walkIns = true): Service => ({
  id,
  prefix: id.toUpperCase(),
  name: { zh: `业务${id}`, en: `Service ${id}` },
  numberRange: [1, 999],
  targetWaitMin: 15,
  avgServiceSec: 300,
  walkIns,
  appointments: false,
});

const queue = (at: number, waiting: number, open = true): QueueReply => ({
  at,
  services: [
    {
      serviceId: 'a',
      name: { zh: '业务a', en: 'Service a' },
      waiting,
      estimatedWaitSec: waiting * 60,
      openCounters: 1,
      longestWaitSec: 0,
      open,
    },
  ],
});

const board = (at: number, waiting: number): BoardSnapshot => ({
  v: 1,
  siteId: 'demo',
  siteName: { zh: '演示', en: 'Demo' },
  at,
  businessDate: '2025-01-01',
  calls: [],
  services: [
    { id: 'a', name: { zh: '业务a', en: 'Service a' }, prefix: 'A', waiting, estimatedWaitSec: waiting * 60, openCounters: 1 },
  ],
  notices: [],
});

describe('mergeTiles', () => {
  it('lists walk-in services only, in service order', () => {
    const tiles = mergeTiles([service('b'), service('x', false), service('a')], null, null);
    expect(tiles.map((t) => t.id)).toEqual(['b', 'a']);
    expect(tiles[0]).toMatchObject({ waiting: null, estimatedWaitSec: null, open: true });
  });

  it('takes counts from whichever of queue and board is newer', () => {
    expect(mergeTiles([service('a')], queue(100, 3), board(200, 5))[0]?.waiting).toBe(5);
    expect(mergeTiles([service('a')], queue(300, 3), board(200, 5))[0]?.waiting).toBe(3);
  });

  it('keeps opening hours from the queue even when the board is newer', () => {
    expect(mergeTiles([service('a')], queue(100, 0, false), board(200, 0))[0]?.open).toBe(false);
  });
});

describe('pageOf and hoursToday', () => {
  it('pages tiles for senior mode, clamping the page', () => {
    const items = ['a', 'b', 'c'];
    expect(pageOf(items, 0, 2)).toEqual({ items: ['a', 'b'], page: 0, pages: 2 });
    expect(pageOf(items, 5, 2)).toEqual({ items: ['c'], page: 1, pages: 2 });
    expect(pageOf(items, 0, Number.POSITIVE_INFINITY)).toEqual({ items, page: 0, pages: 1 });
    expect(pageOf([], 0, 2)).toEqual({ items: [], page: 0, pages: 1 });
  });

  it('says today’s opening hours', () => {
    const hours = [
      { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
      { days: [1, 2, 3, 4, 5], open: '13:30', close: '17:00' },
    ];
    expect(hoursToday(hours, 1)).toBe('08:30–12:00, 13:30–17:00');
    expect(hoursToday(hours, 0)).toBeNull();
    expect(hoursToday(undefined, 1)).toBeNull();
  });

  it('says when a closed service opens next, in the site zone and both languages', () => {
    const sh = (local: string) => Date.parse(`${local}+08:00`);
    const now = sh('2026-12-04T17:05:00');
    const zone = 'Asia/Shanghai';
    expect(nextOpeningText(sh('2026-12-04T18:30:00'), now, 'zh', zone)).toBe('今天 18:30');
    expect(nextOpeningText(sh('2026-12-05T08:00:00'), now, 'zh', zone)).toBe('明天 08:00');
    expect(nextOpeningText(sh('2026-12-05T08:00:00'), now, 'en', zone)).toBe('tomorrow 08:00');
    expect(nextOpeningText(sh('2026-12-07T08:30:00'), now, 'en', zone)).toBe('Mon 7 Dec 08:30');
    expect(nextOpeningText(sh('2026-12-07T08:30:00'), now, 'zh', zone)).toBe('12月7日周一 08:30');
  });
});

describe('tilesThatFit', () => {
  // Senior mode at 1080×1920 and 1920×1080: 1 rem = 1.5 × 2.2 vmin ≈ 35.6 px.
  const rem = 35.64;
  it('puts 3 and 6 services on one portrait page when the area holds them', () => {
    expect(tilesThatFit({ width: 900, height: 1500 }, rem, true)).toBeGreaterThanOrEqual(6);
  });
  it('uses up to three columns in landscape', () => {
    expect(tilesThatFit({ width: 1700, height: 420 }, rem, false)).toBe(6);
    expect(tilesThatFit({ width: 1700, height: 250 }, rem, false)).toBe(3);
    expect(tilesThatFit({ width: 1000, height: 250 }, rem, false)).toBe(2);
  });
  it('always shows at least one tile', () => {
    expect(tilesThatFit({ width: 0, height: 0 }, rem, true)).toBe(1);
    expect(tilesThatFit({ width: 300, height: 100 }, rem, true)).toBe(1);
  });
});
