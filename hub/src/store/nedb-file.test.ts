/** The read-only NeDB datafile reader that closed days and the schema version go through. */
import { describe, expect, it } from 'vitest';
import { parseNedb } from './nedb-file';

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

  it('parses only the lines a filter keeps', () => {
    const text = ['{"_id":"a","who":"h1"}', '{"_id":"b","who":"h2"}', '{"_id":"a","who":"h1","n":2}'].join('\n');
    const docs = parseNedb<{ _id: string; who: string }>(text, (line) => line.includes('h1'));
    expect([...docs.values()]).toEqual([{ _id: 'a', who: 'h1', n: 2 }]);
  });
});
