import type { BoardSnapshot, QueueReply, Service } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { mergeTiles } from './tiles';

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
