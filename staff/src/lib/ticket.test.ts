import { describe, expect, it } from 'vitest';
import { actionsFor, waitedMinutes } from './ticket';

describe('waitedMinutes', () => {
  it('counts from arrival to the first call', () => {
    const events = [
      { type: 'issued' as const, at: 0 },
      { type: 'called' as const, at: 12 * 60_000 },
      { type: 'recalled' as const, at: 14 * 60_000 },
    ];
    expect(waitedMinutes({ arrivalAt: 0, events }, 99 * 60_000)).toBe(12);
  });

  it('counts to now when not called yet', () => {
    expect(waitedMinutes({ arrivalAt: 60_000, events: [] }, 4 * 60_000)).toBe(3);
  });
});

describe('actionsFor', () => {
  it('calls next only at an open counter with nobody called or served', () => {
    expect(actionsFor('open', undefined).callNext).toBe(true);
    expect(actionsFor('open', 'done').callNext).toBe(true);
    expect(actionsFor('open', 'called').callNext).toBe(false);
    expect(actionsFor('open', 'serving').callNext).toBe(false);
    expect(actionsFor('paused', undefined).callNext).toBe(false);
  });

  it('offers recall, start and no-show for a called ticket, finish for a served one', () => {
    expect(actionsFor('open', 'called')).toEqual({ callNext: false, recall: true, start: true, finish: false, noShow: true });
    expect(actionsFor('open', 'serving')).toEqual({ callNext: false, recall: false, start: false, finish: true, noShow: false });
  });
});
