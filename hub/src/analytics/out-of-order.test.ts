import { describe, expect, it } from 'vitest';
import { NO_CLERK, outOfOrderByClerk, outOfOrderCalls } from './out-of-order';

const sup = { type: 'staff' as const, id: 'supervisor' };
const pick = (at: number, staffId: string | undefined, reason: string | undefined, bypassed: number) => ({
  at,
  actor: sup,
  target: `t${at}`,
  details: { number: `A00${at}`, counterId: '1', bypassed, ...(staffId ? { staffId } : {}), ...(reason ? { reason } : {}) },
});

describe('calls out of the policy order', () => {
  const calls = outOfOrderCalls([
    pick(3, 'clerk1', 'urgent', 2),
    pick(1, 'clerk1', 'urgent', 4),
    pick(2, 'clerk2', 'doctor asked', 1),
    pick(4, 'clerk1', 'interpreter here', 0),
    pick(5, undefined, undefined, 1),
  ]);

  it('lists each pick in time order with its reason, clerk and visitors bypassed', () => {
    expect(calls.map((c) => c.at)).toEqual([1, 2, 3, 4, 5]);
    expect(calls[0]).toEqual({
      at: 1,
      ticketId: 't1',
      number: 'A001',
      counterId: '1',
      staffId: 'clerk1',
      by: 'supervisor',
      bypassed: 4,
      reason: 'urgent',
    });
    expect(calls[4]).toMatchObject({ staffId: NO_CLERK, reason: '(no reason recorded)' });
  });

  it('totals them per clerk, most picks first, reasons most frequent first', () => {
    expect(outOfOrderByClerk(calls)).toEqual([
      { staffId: 'clerk1', calls: 3, bypassed: 6, reasons: 'urgent ×2; interpreter here' },
      { staffId: '-', calls: 1, bypassed: 1, reasons: '(no reason recorded)' },
      { staffId: 'clerk2', calls: 1, bypassed: 1, reasons: 'doctor asked' },
    ]);
  });
});
