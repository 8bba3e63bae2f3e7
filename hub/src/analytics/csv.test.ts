/** CSV export of the reports. */
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('CSV', () => {
  it('writes RFC 4180 with a BOM for Excel, quoting what needs it and defusing formulas', () => {
    const csv = toCsv([
      { service: '综合业务', note: 'a, "b"', n: 1 / 3, empty: null },
      { service: '=HYPERLINK("x")', note: 'line\nbreak', n: 2, empty: undefined },
    ]);
    expect(csv).toBe(
      '\uFEFFservice,note,n,empty\r\n' + '综合业务,"a, ""b""",0.3333,\r\n' + '"\'=HYPERLINK(""x"")","line\nbreak",2,\r\n',
    );
  });

  it('keeps negative numbers as numbers and an empty table as a header', () => {
    expect(toCsv([{ a: -1 }])).toBe('\uFEFFa\r\n-1\r\n');
    expect(toCsv([], ['a', 'b'])).toBe('\uFEFFa,b\r\n');
  });
});
