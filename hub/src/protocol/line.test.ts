import { describe, expect, it } from 'vitest';
import { lineKey, lineOf } from './line';
import type { BoardCounter, BoardSnapshot } from './messages';

const counter = (id: string, current: { number: string; serviceId: string } | null): BoardCounter => ({
  id,
  name: { zh: `${id}号窗口`, en: `Counter ${id}` },
  state: 'open',
  services: ['A', 'B'],
  current: current ? { ...current, status: 'called', calledAt: 5, recall: false } : null,
});
const service = (id: string, waiting: number) => ({
  id,
  name: { zh: id, en: id },
  prefix: id,
  waiting,
  estimatedWaitSec: 300,
  openCounters: 2,
});
const board: BoardSnapshot = {
  v: 1,
  siteId: 'hall',
  siteName: { zh: '大厅', en: 'Hall' },
  at: 1000,
  businessDate: '2026-12-05',
  setupVersion: 3,
  timeZone: 'Asia/Shanghai',
  calls: [{ number: 'A001', serviceId: 'A', counterId: '1', counterName: { zh: '1', en: '1' }, recall: false, at: 900 }],
  counters: [
    counter('1', { number: 'A001', serviceId: 'A' }),
    counter('2', { number: 'B004', serviceId: 'B' }),
    counter('3', null),
  ],
  services: [service('A', 4), service('B', 9)],
  notices: [{ id: 'n', text: { zh: '通知', en: 'Notice' }, at: 1 }],
};

describe("a service's line", () => {
  it('keeps that service, the counters with one of its numbers, and the site; no calls list, no notices', () => {
    const line = lineOf(board, 'A');
    expect(line.services).toEqual([service('A', 4)]);
    expect(line.counters?.map((c) => c.id)).toEqual(['1']);
    expect(line).toMatchObject({
      v: 1,
      siteId: 'hall',
      siteName: board.siteName,
      at: 1000,
      setupVersion: 3,
      timeZone: 'Asia/Shanghai',
    });
    expect(line.calls).toEqual([]);
    expect(line.notices).toEqual([]);
    expect(lineOf(board, 'B').counters?.map((c) => c.id)).toEqual(['2']);
    expect(lineOf(board, 'Z').services).toEqual([]);
  });

  it('leaves out the masked name a screen shows: a phone reads numbers only', () => {
    const named = {
      ...board,
      counters: [
        {
          ...counter('1', null),
          current: {
            number: 'A001',
            serviceId: 'A',
            status: 'called' as const,
            calledAt: 5,
            recall: false,
            name: '张*三',
            nameOnly: true,
          },
        },
      ],
    };
    const current = lineOf(named, 'A').counters?.[0]?.current;
    expect(current).toEqual({ number: 'A001', serviceId: 'A', status: 'called', calledAt: 5, recall: false });
    expect(JSON.stringify(lineOf(named, 'A'))).not.toContain('张');
  });

  it('changes its key with what a phone reads, not with the time of the snapshot or another service', () => {
    const key = lineKey(lineOf(board, 'A'));
    expect(lineKey(lineOf({ ...board, at: 2000 }, 'A'))).toBe(key);
    // B called its next and its line grew: A's line is the same.
    const bMoved = {
      ...board,
      counters: [
        counter('1', { number: 'A001', serviceId: 'A' }),
        counter('2', { number: 'B005', serviceId: 'B' }),
        counter('3', null),
      ],
      services: [service('A', 4), service('B', 10)],
    };
    expect(lineKey(lineOf(bMoved, 'A'))).toBe(key);
    expect(lineKey(lineOf(bMoved, 'B'))).not.toBe(lineKey(lineOf(board, 'B')));
    // A's line shrank, or a counter took one of A's numbers.
    expect(lineKey(lineOf({ ...board, services: [service('A', 3), service('B', 9)] }, 'A'))).not.toBe(key);
    const aCalled = {
      ...board,
      counters: [...(board.counters ?? []).slice(0, 2), counter('3', { number: 'A002', serviceId: 'A' })],
    };
    expect(lineKey(lineOf(aCalled, 'A'))).not.toBe(key);
  });
});
