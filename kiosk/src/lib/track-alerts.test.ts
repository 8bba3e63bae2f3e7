import { describe, expect, it } from 'vitest';
import { aheadAlertLapsed, pageAlertDue } from './track-alerts';

const s = { aheadAt: 3, onCall: true, firedAhead: false, firedCalled: false };

describe('the tracking page’s own alerts', () => {
  it('alerts once the waiting ticket has N or fewer ahead', () => {
    expect(pageAlertDue({ status: 'waiting', position: 4 }, s)).toBeNull();
    expect(pageAlertDue({ status: 'waiting', position: 3 }, s)).toBe('ahead');
    expect(pageAlertDue({ status: 'waiting', position: 1 }, { ...s, aheadAt: 1 })).toBe('ahead');
  });

  it('alerts on the call, each alert once, and only as asked', () => {
    expect(pageAlertDue({ status: 'called', position: 0 }, s)).toBe('called');
    expect(pageAlertDue({ status: 'called', position: 0 }, { ...s, firedCalled: true })).toBeNull();
    expect(pageAlertDue({ status: 'waiting', position: 2 }, { ...s, firedAhead: true })).toBeNull();
    expect(pageAlertDue({ status: 'waiting', position: 0 }, { ...s, aheadAt: null })).toBeNull();
    expect(pageAlertDue({ status: 'called', position: 0 }, { ...s, onCall: false })).toBeNull();
    expect(pageAlertDue({ status: 'serving', position: 0 }, s)).toBeNull();
  });

  it('takes the "N ahead" alert down when the visitor moved back past N, so it can ring again', () => {
    expect(aheadAlertLapsed({ status: 'waiting', position: 3 }, 3)).toBe(false);
    expect(aheadAlertLapsed({ status: 'waiting', position: 4 }, 3)).toBe(true);
    expect(aheadAlertLapsed({ status: 'waiting', position: 0 }, null)).toBe(true);
    expect(aheadAlertLapsed({ status: 'called', position: 0 }, 3)).toBe(false);
  });
});
