import { describe, expect, it } from 'vitest';
import { ScanWedge, WEDGE_MAX_GAP_MS } from './scan-wedge';

function type(w: ScanWedge, text: string, start: number, gap: number): string | null {
  let out: string | null = null;
  let at = start;
  for (const ch of text) {
    out = w.key(ch, at) ?? out;
    at += gap;
  }
  return w.key('Enter', at) ?? out;
}

describe('ScanWedge', () => {
  it('takes a code typed fast and ended by Enter', () => {
    expect(type(new ScanWedge(), 'APPT-0042', 0, 5)).toBe('APPT-0042');
  });

  it('ignores slow typing (a person, not a scanner) and short bursts', () => {
    expect(type(new ScanWedge(), 'APPT-0042', 0, WEDGE_MAX_GAP_MS + 40)).toBeNull();
    expect(type(new ScanWedge(), 'AB', 0, 5)).toBeNull();
  });

  it('starts afresh after a pause, and ignores non-character keys', () => {
    const w = new ScanWedge();
    w.key('x', 0);
    w.key('y', 5);
    expect(w.key('Shift', 8)).toBeNull();
    expect(type(w, 'CODE1234', 1000, 3)).toBe('CODE1234');
  });
});
