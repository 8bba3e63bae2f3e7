import { describe, expect, it } from 'vitest';
import { applyStatus, blocksPrinting, encodeStatus, isStatusByte, noFlags, statusRequest, summarise } from './codec';

describe('DLE EOT status codec (DEVICES.md)', () => {
  it('builds the requests', () => {
    expect([...statusRequest(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...statusRequest(4)]).toEqual([0x10, 0x04, 0x04]);
  });

  it('recognises status-shaped bytes only (bits 1 and 4 set, 0 and 7 clear)', () => {
    expect(isStatusByte(0x12)).toBe(true); // healthy idle reply
    expect(isStatusByte(0x72)).toBe(true); // paper end
    expect(isStatusByte(0x1e)).toBe(true); // near end
    for (const b of [0x00, 0x10, 0x02, 0x13, 0x92, 0xff]) expect(isStatusByte(b), b.toString(16)).toBe(false);
  });

  it('decodes each request’s bits', () => {
    expect(applyStatus(noFlags, 1, 0x1a).offline).toBe(true); // bit 3
    expect(applyStatus(noFlags, 1, 0x12).offline).toBe(false);
    expect(applyStatus(noFlags, 2, 0x16)).toMatchObject({ coverOpen: true, paperEndStop: false, error: false });
    expect(applyStatus(noFlags, 2, 0x32)).toMatchObject({ paperEndStop: true });
    expect(applyStatus(noFlags, 2, 0x52)).toMatchObject({ error: true });
    expect(applyStatus(noFlags, 3, 0x1a)).toMatchObject({ cutterError: true });
    expect(applyStatus(noFlags, 3, 0x32)).toMatchObject({ unrecoverable: true });
    expect(applyStatus(noFlags, 4, 0x1e)).toMatchObject({ paperNearEnd: true, paperEnd: false });
    expect(applyStatus(noFlags, 4, 0x72)).toMatchObject({ paperNearEnd: false, paperEnd: true });
    expect(applyStatus(noFlags, 4, 0x7e)).toMatchObject({ paperNearEnd: true, paperEnd: true });
    // A byte that is not a status reply changes nothing.
    expect(applyStatus({ ...noFlags, paperEnd: true }, 4, 0x00)).toMatchObject({ paperEnd: true });
  });

  it('encodes what the emulator answers, and decoding it gives the state back', () => {
    const states = [
      { ...noFlags },
      { ...noFlags, paperNearEnd: true },
      { ...noFlags, paperEnd: true },
      { ...noFlags, coverOpen: true },
    ];
    for (const s of states) {
      let f = noFlags;
      for (const n of [1, 2, 4]) f = applyStatus(f, n, encodeStatus(n, s));
      expect(summarise(f, true).paper).toBe(s.paperEnd ? 'end' : s.paperNearEnd ? 'near_end' : 'ok');
      expect(f.coverOpen).toBe(s.coverOpen);
    }
    expect(encodeStatus(1, noFlags)).toBe(0x12);
  });

  it('summarises worst first, and only some conditions stop a print', () => {
    expect(summarise(noFlags, false).condition).toBe('offline');
    expect(summarise({ ...noFlags, coverOpen: true, paperEnd: true }, true).condition).toBe('cover_open');
    expect(summarise({ ...noFlags, paperEnd: true }, true).condition).toBe('paper_end');
    expect(summarise({ ...noFlags, cutterError: true }, true).condition).toBe('error');
    expect(summarise({ ...noFlags, paperNearEnd: true }, true).condition).toBe('paper_near_end');
    expect(summarise(noFlags, true, false)).toMatchObject({ condition: 'ok', paper: 'unknown' });
    expect(blocksPrinting(summarise({ ...noFlags, paperNearEnd: true }, true))).toBeNull();
    expect(blocksPrinting(summarise({ ...noFlags, paperEnd: true }, true))).toBe('printer out of paper');
  });
});

describe('the reply bytes of the emulator, flag by flag (encodeStatus)', () => {
  const only = (flag: keyof typeof noFlags) => ({ ...noFlags, [flag]: true });
  const all = Object.fromEntries(Object.keys(noFlags).map((k) => [k, true])) as unknown as typeof noFlags;

  it('DLE EOT 1: the offline bit for offline, cover open or paper end, nothing else', () => {
    expect(encodeStatus(1, only('offline'))).toBe(0x1a);
    expect(encodeStatus(1, only('coverOpen'))).toBe(0x1a);
    expect(encodeStatus(1, only('paperEnd'))).toBe(0x1a);
    expect(encodeStatus(1, only('error'))).toBe(0x12);
    expect(encodeStatus(1, only('paperNearEnd'))).toBe(0x12);
  });

  it('DLE EOT 2: cover open, stopped for paper end, error', () => {
    expect(encodeStatus(2, only('coverOpen'))).toBe(0x16);
    expect(encodeStatus(2, only('paperEnd'))).toBe(0x32);
    expect(encodeStatus(2, only('error'))).toBe(0x52);
    expect(encodeStatus(2, only('offline'))).toBe(0x12);
    expect(encodeStatus(2, only('cutterError'))).toBe(0x12);
  });

  it('DLE EOT 3: cutter error, unrecoverable error', () => {
    expect(encodeStatus(3, only('cutterError'))).toBe(0x1a);
    expect(encodeStatus(3, only('unrecoverable'))).toBe(0x32);
    expect(encodeStatus(3, only('coverOpen'))).toBe(0x12);
  });

  it('DLE EOT 4: near end alone, and paper end with its near-end bits', () => {
    expect(encodeStatus(4, only('paperNearEnd'))).toBe(0x1e);
    expect(encodeStatus(4, only('paperEnd'))).toBe(0x7e);
    expect(encodeStatus(4, only('offline'))).toBe(0x12);
  });

  it('any other request: only the fixed bits', () => {
    expect(encodeStatus(5, all)).toBe(0x12);
    expect(encodeStatus(0, all)).toBe(0x12);
  });
});

describe('what blocks a print job', () => {
  const state = (condition: string) => ({ ...summarise(noFlags, true), condition }) as ReturnType<typeof summarise>;

  it('names the reason, and lets near end and ok print', () => {
    expect(blocksPrinting(state('offline'))).toBe('printer offline');
    expect(blocksPrinting(state('cover_open'))).toBe('printer cover open');
    expect(blocksPrinting(state('paper_end'))).toBe('printer out of paper');
    expect(blocksPrinting(state('error'))).toBe('printer error');
    expect(blocksPrinting(state('paper_near_end'))).toBeNull();
    expect(blocksPrinting(state('ok'))).toBeNull();
  });

  it('a reply to an unknown request, or line noise, changes no flag', () => {
    expect(applyStatus(noFlags, 5, 0x7e)).toBe(noFlags);
    expect(applyStatus(noFlags, 4, 0xff)).toBe(noFlags);
  });
});
