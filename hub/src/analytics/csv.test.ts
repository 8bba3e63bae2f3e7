/** CSV export and the read-only NeDB reader the reports use. */
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { parseNedb } from './history/nedb-file';

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

describe('NeDB datafile, read only', () => {
  it('keeps the last line of each _id, honours deletions, skips index lines and a torn last line', () => {
    const text = [
      '{"_id":"2026-03-01","issued":1}',
      '{"$$indexCreated":{"fieldName":"x"}}',
      '{"_id":"2026-03-02","issued":2}',
      '{"_id":"2026-03-01","issued":3}',
      '{"$$deleted":true,"_id":"2026-03-02"}',
      '{"_id":"2026-03-03","iss',
    ].join('\n');
    const docs = parseNedb<{ _id: string; issued: number }>(text);
    expect([...docs.values()]).toEqual([{ _id: '2026-03-01', issued: 3 }]);
  });
});
