import { describe, expect, it } from 'vitest';
import { isPrintProblem, nextPrintState, printerWarning, reasonState } from './printing';

describe('print state', () => {
  it('follows the printer condition the hub reported when the job was sent', () => {
    expect(nextPrintState('none', { kind: 'sent' })).toBe('printing');
    expect(nextPrintState('none', { kind: 'sent', condition: 'paper_near_end' })).toBe('printing');
    expect(nextPrintState('none', { kind: 'sent', condition: 'paper_end' })).toBe('paper_end');
    expect(nextPrintState('none', { kind: 'sent', condition: 'cover_open' })).toBe('cover_open');
    expect(nextPrintState('none', { kind: 'unavailable' })).toBe('offline');
  });

  it('takes the bridge’s print result as the final word, in any order', () => {
    expect(nextPrintState('printing', { kind: 'result', ok: true })).toBe('printed');
    expect(nextPrintState('printing', { kind: 'result', ok: false, reason: 'printer out of paper' })).toBe('paper_end');
    // The result arrived before the hub's HTTP reply: "printing" does not overwrite it.
    expect(nextPrintState('printed', { kind: 'sent', condition: 'ok' })).toBe('printed');
    expect(nextPrintState('paper_end', { kind: 'sent' })).toBe('paper_end');
    // A card result said "not printing"; the print result says why.
    const card = nextPrintState('none', { kind: 'card', printing: false });
    expect(card).toBe('failed');
    expect(nextPrintState(card, { kind: 'result', ok: false, reason: 'printer cover open' })).toBe('cover_open');
  });

  it('maps the bridge’s refusal reasons', () => {
    expect(reasonState('printer out of paper')).toBe('paper_end');
    expect(reasonState('printer cover open')).toBe('cover_open');
    expect(reasonState('printer offline')).toBe('offline');
    expect(reasonState('job expired')).toBe('offline');
    expect(reasonState('printer error')).toBe('failed');
    expect(reasonState(undefined)).toBe('failed');
    expect(isPrintProblem('printing')).toBe(false);
    expect(isPrintProblem('paper_end')).toBe(true);
  });
});

describe('printerWarning', () => {
  const ok = { condition: 'ok' as const, paper: 'ok' as const, coverOpen: false };
  it('warns on the welcome screen only about what is certain: no paper, cover open', () => {
    expect(printerWarning({ ...ok, condition: 'paper_end', paper: 'end' })).toBe('homePaperEnd');
    expect(printerWarning({ ...ok, condition: 'cover_open', coverOpen: true })).toBe('homeCoverOpen');
    expect(printerWarning({ ...ok, condition: 'paper_near_end', paper: 'near_end' })).toBeNull();
    expect(printerWarning({ ...ok, condition: 'offline' })).toBeNull();
    expect(printerWarning(null)).toBeNull();
  });
});
