import { describe, expect, it } from 'vitest';
import { isRowError, parseCsv, readHeader, readRow } from './csv';
import { backoffDelay, signBody } from './webhook';

describe('CSV import rows', () => {
  it('parses quotes, doubled quotes, CRLF and blank lines, keeping line numbers', () => {
    const text = '\ufeffservice,date,name\r\nC,2026-03-02,"Li, ""Lao"" Wu"\r\n\r\nC,2026-03-03,"two\nlines"\nA,2026-03-04,x';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['service', 'date', 'name'] },
      { line: 2, fields: ['C', '2026-03-02', 'Li, "Lao" Wu'] },
      { line: 4, fields: ['C', '2026-03-03', 'two\nlines'] },
      { line: 6, fields: ['A', '2026-03-04', 'x'] },
    ]);
  });

  it('reads the header by name and reports the first bad field of a row', () => {
    expect(readHeader(['Service', 'Date', 'Time', 'ID Number', 'Name', 'Channel']).missing).toEqual([]);
    expect(readHeader(['service', 'date', 'name']).missing).toEqual(['time', 'id_number or phone']);
    const { columns } = readHeader(['service', 'date', 'time', 'id_number', 'phone', 'name', 'channel']);
    const ok = readRow(2, ['C', '2026-03-02', '09:15', '', '13800138000', '王五', 'phone'], columns);
    expect(ok).toEqual({
      line: 2,
      serviceId: 'C',
      date: '2026-03-02',
      time: '09:15',
      identity: { kind: 'phone', value: '13800138000' },
      name: '王五',
      channel: 'phone',
    });
    const defaults = readRow(3, ['C', '2026-03-02', '09:15', '11010519491231002X', '', '', ''], columns);
    expect(defaults).toMatchObject({ channel: 'import', identity: { kind: 'id-card' } });
    const bad = (fields: string[]) => {
      const r = readRow(9, fields, columns);
      return isRowError(r) ? r.field : 'ok';
    };
    expect(bad(['C', '2026-02-30', '09:15', 'x', '', '', ''])).toBe('date');
    expect(bad(['C', '2026-03-02', '9:15', 'x', '', '', ''])).toBe('time');
    expect(bad(['C', '2026-03-02', '09:15', '', '', '', ''])).toBe('id_number');
    expect(bad(['C', '2026-03-02', '09:15', 'x', '', '', 'fax'])).toBe('channel');
    expect(bad(['', '2026-03-02', '09:15', 'x', '', '', ''])).toBe('service');
  });
});

describe('webhook helpers', () => {
  it('signs the raw body with HMAC-SHA256 and backs off exponentially', () => {
    // echo -n '{"a":1}' | openssl dgst -sha256 -hmac 'k'
    expect(signBody('{"a":1}', 'k')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signBody('{"a":1}', 'k')).not.toBe(signBody('{"a":2}', 'k'));
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 100))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(30, 1000)).toBe(600_000);
  });
});
