import { describe, expect, it } from 'vitest';
import { actionsFor, awaitsArrival, defaultOutcome, disabledReason, waitedMinutes } from './ticket';

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

  it('offers recall, start and no-show for a called ticket; finish, transfer and the main key for both', () => {
    expect(actionsFor('open', 'called')).toEqual({
      callNext: false,
      finishAndNext: true,
      recall: true,
      start: true,
      finish: true,
      transfer: true,
      noShow: true,
    });
    expect(actionsFor('open', 'serving')).toEqual({
      callNext: false,
      finishAndNext: true,
      recall: false,
      start: false,
      finish: true,
      transfer: true,
      noShow: false,
    });
    expect(actionsFor('paused', 'serving').finishAndNext).toBe(false);
  });
});

describe('disabledReason', () => {
  it('says why each disabled button is disabled, and nothing for an enabled one', () => {
    expect(disabledReason('callNext', 'paused', undefined)).toBe('why_counterPaused');
    expect(disabledReason('callNext', 'closed', undefined)).toBe('why_counterClosed');
    expect(disabledReason('finish', 'open', undefined)).toBe('why_noTicket');
    expect(disabledReason('recall', 'open', 'serving')).toBe('why_recallOnlyCalled');
    expect(disabledReason('noShow', 'open', 'serving')).toBe('why_alreadyStarted');
    expect(disabledReason('finish', 'open', 'called')).toBeNull();
    expect(disabledReason('finishAndNext', 'open', 'serving')).toBeNull();
  });
});

describe('defaultOutcome', () => {
  it('starts from the last outcome used, else resolved', () => {
    expect(defaultOutcome('follow_up')).toBe('follow_up');
    expect(defaultOutcome(null)).toBe('resolved');
    expect(defaultOutcome('bogus')).toBe('resolved');
  });
});

describe('awaitsArrival', () => {
  it('is a remote ticket neither confirmed nor lapsed', () => {
    expect(awaitsArrival({})).toBe(false);
    expect(awaitsArrival({ arrival: { graceMs: 600_000 } })).toBe(true);
    expect(awaitsArrival({ arrival: { graceMs: 600_000, turnAt: 5 } })).toBe(true);
    expect(awaitsArrival({ arrival: { graceMs: 600_000, confirmedAt: 5, via: 'kiosk' } })).toBe(false);
    expect(awaitsArrival({ arrival: { graceMs: 600_000, lapsedAt: 5 } })).toBe(false);
  });
});
