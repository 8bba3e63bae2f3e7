import type { BoardCounter, BoardSnapshot } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { boardView, callKey, freshCalls, gridShape, waitingFor } from './board-view';

const call = (number: string, serviceId: string, at: number) => ({
  number,
  serviceId,
  counterId: serviceId === 'B' ? '2' : '1',
  counterName: serviceId === 'B' ? { zh: '2号窗口', en: 'Counter 2' } : { zh: '1号窗口', en: 'Counter 1' },
  recall: false,
  at,
});
const service = (id: string) => ({ id, name: { zh: id, en: id }, prefix: id, waiting: 1, estimatedWaitSec: 60, openCounters: 1 });

const board: BoardSnapshot = {
  v: 1,
  siteId: 'demo',
  siteName: { zh: '大厅', en: 'Hall' },
  at: 100,
  businessDate: '2025-01-01',
  calls: [call('A003', 'A', 30), call('B001', 'B', 20), call('A002', 'A', 10), call('A001', 'A', 5)],
  services: [service('A'), service('B'), service('C')],
  notices: [{ id: 'n1', text: { zh: '通知', en: 'Notice' }, at: 1 }],
};

describe('boardView', () => {
  it('shows the latest call large and the next ones as recent calls', () => {
    const v = boardView(board, { services: null, recent: 2 });
    expect(v.current?.number).toBe('A003');
    expect(v.recent.map((c) => c.number)).toEqual(['B001', 'A002']);
    expect(v.services.map((s) => s.id)).toEqual(['A', 'B', 'C']);
    expect(v.notices).toHaveLength(1);
  });

  it('shows only the services a screen is configured for', () => {
    const v = boardView(board, { services: ['B'], recent: 6 });
    expect(v.current?.number).toBe('B001');
    expect(v.recent).toEqual([]);
    expect(v.services.map((s) => s.id)).toEqual(['B']);
  });

  it('has no current call before the first one of the day', () => {
    expect(boardView({ ...board, calls: [] }, { services: null, recent: 6 }).current).toBeNull();
  });

  it('tells a number called again later from the first call', () => {
    expect(callKey(call('A001', 'A', 1))).not.toBe(callKey(call('A001', 'A', 2)));
  });

  it('takes a ticket off as the current call once its counter no longer has it (no-show, finish, transfer)', () => {
    const counters = [
      counter('1', 'A', null), // A003 was marked no-show: the counter is empty
      counter('2', 'B', { number: 'B001', serviceId: 'B', status: 'serving' as const, calledAt: 20, recall: false }),
    ];
    const v = boardView({ ...board, counters }, { services: null, recent: 6 });
    expect(v.current?.number).toBe('B001');
    expect(v.recent.map((c) => c.number)).toEqual(['A003', 'A002', 'A001']);
  });

  it('lists each number once in the recent calls (a recall is not a second line)', () => {
    const calls = [{ ...call('A002', 'A', 40), recall: true }, call('A003', 'A', 30), call('A002', 'A', 10)];
    const v = boardView({ ...board, calls }, { services: null, recent: 6 });
    expect([v.current?.number, ...v.recent.map((c) => c.number)]).toEqual(['A002', 'A003']);
  });

  it('gives every open or paused counter a tile, marks the newest call, hides closed counters and other services', () => {
    const counters = [
      counter('1', 'A', { number: 'A003', serviceId: 'A', status: 'called' as const, calledAt: 30, recall: false }),
      counter('2', 'B', { number: 'B001', serviceId: 'B', status: 'serving' as const, calledAt: 20, recall: false }),
      { ...counter('3', 'C', null), state: 'paused' as const },
      { ...counter('4', 'C', null), state: 'closed' as const },
    ];
    const v = boardView({ ...board, counters }, { services: null, recent: 6 });
    expect(v.counters.map((c) => [c.id, c.current?.number ?? null, c.newest])).toEqual([
      ['1', 'A003', true],
      ['2', 'B001', false],
      ['3', null, false],
    ]);
    expect(boardView({ ...board, counters }, { services: ['B'], recent: 6 }).counters.map((c) => c.id)).toEqual(['2']);
  });

  it('flashes a counter on a new number or a recall, not on the first snapshot or a repeat of the same', () => {
    const seen = new Map<string, string | null>();
    const at = (calledAt: number, number = 'A001') => [
      { id: '1', current: { number, serviceId: 'A', status: 'called' as const, calledAt, recall: false } },
    ];
    expect(freshCalls(seen, at(1), true)).toEqual([]);
    expect(freshCalls(seen, at(1), false)).toEqual([]);
    expect(freshCalls(seen, at(2), false)).toEqual(['1']);
    expect(freshCalls(seen, at(3, 'A002'), false)).toEqual(['1']);
    expect(freshCalls(seen, [{ id: '1', current: null }], false)).toEqual([]);
  });

  it('shapes 12 tiles in 4 × 3 on a landscape board and 2 or 3 columns in portrait', () => {
    expect(gridShape(12, 1800, 760)).toMatchObject({ cols: 4, rows: 3 });
    expect(gridShape(12, 1800, 760).em).toBeGreaterThan(120);
    expect(gridShape(4, 1800, 760)).toMatchObject({ cols: 2, rows: 2 });
    expect(gridShape(12, 1000, 1400).cols).toBeLessThanOrEqual(3);
    expect(gridShape(24, 1800, 760)).toMatchObject({ cols: 6, rows: 4 });
  });
});

function counter(id: string, serviceId: string, current: BoardCounter['current']): BoardCounter {
  return { id, name: { zh: `${id}号窗口`, en: `Counter ${id}` }, state: 'open', services: [serviceId], current };
}

describe('waitingFor', () => {
  it('adds up the waiting of the services the counter serves', () => {
    const counters = [{ ...counter('3', 'B', null), services: ['B', 'C'] }];
    expect(waitingFor({ ...board, counters }, '3')).toBe(2);
    expect(waitingFor({ ...board, counters }, '9')).toBeNull();
    expect(waitingFor(null, '3')).toBeNull();
  });
});
