import { describe, expect, it } from 'vitest';
import { dueTriggers, isOver } from './triggers';

const sub = { aheadAt: 3, onCall: true, firedAhead: false, firedCalled: false };

describe('when a visitor’s "tell me when" fires', () => {
  it('"N ahead" fires once the waiting ticket has N or fewer ahead', () => {
    expect(dueTriggers(sub, { status: 'waiting', ahead: 4 })).toEqual([]);
    expect(dueTriggers(sub, { status: 'waiting', ahead: 3 })).toEqual(['ahead']);
    expect(dueTriggers(sub, { status: 'waiting', ahead: 0 })).toEqual(['ahead']);
  });

  it('each fires at most once', () => {
    expect(dueTriggers({ ...sub, firedAhead: true }, { status: 'waiting', ahead: 1 })).toEqual([]);
    expect(dueTriggers({ ...sub, firedCalled: true }, { status: 'called', ahead: 0 })).toEqual([]);
  });

  it('"called" fires on the call, and only if asked', () => {
    expect(dueTriggers({ ...sub, firedAhead: true }, { status: 'called', ahead: 0 })).toEqual(['called']);
    expect(dueTriggers({ ...sub, onCall: false, firedAhead: true }, { status: 'called', ahead: 0 })).toEqual([]);
    expect(dueTriggers({ ...sub, aheadAt: null }, { status: 'waiting', ahead: 0 })).toEqual([]);
  });

  it('a ticket being served or over triggers nothing more', () => {
    expect(dueTriggers(sub, { status: 'serving', ahead: 0 })).toEqual([]);
    expect(dueTriggers(sub, { status: 'done', ahead: 0 })).toEqual([]);
    expect(['done', 'cancelled', 'no_show', 'transferred'].every((s) => isOver(s as 'done'))).toBe(true);
    expect(isOver('waiting') || isOver('called') || isOver('serving')).toBe(false);
  });
});
