import type { BoardSnapshot } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { boardView, callKey } from './board-view';

const call = (number: string, serviceId: string, at: number) => ({
  number,
  serviceId,
  counterId: '1',
  counterName: { zh: '1号窗口', en: 'Counter 1' },
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
});
