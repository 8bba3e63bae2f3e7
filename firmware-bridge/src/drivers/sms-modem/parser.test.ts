import { describe, expect, it } from 'vitest';
import { AtParser, finalResult } from './parser';

describe('AT reply parser', () => {
  it('splits lines and finds the prompt that ends no line', () => {
    const p = new AtParser();
    expect(p.push(Buffer.from('\r\nOK\r\n\r\n> '))).toEqual([{ t: 'line', text: 'OK' }, { t: 'prompt' }]);
  });

  it('joins a reply split over chunks, and two replies in one chunk', () => {
    const p = new AtParser();
    expect(p.push(Buffer.from('\r\n+CMG'))).toEqual([]);
    expect(p.push(Buffer.from('S: 12\r\n\r\nOK\r\n+CDS: 25\r\n'))).toEqual([
      { t: 'line', text: '+CMGS: 12' },
      { t: 'line', text: 'OK' },
      { t: 'line', text: '+CDS: 25' },
    ]);
  });

  it('drops garbage lines and keeps reading', () => {
    const p = new AtParser();
    expect(p.push(Buffer.from([0xff, 0x00, 0x81, 0x0d, 0x0a, ...Buffer.from('OK\r\n')]))).toEqual([{ t: 'line', text: 'OK' }]);
  });

  it('reads final results, +CMS ERROR with its code', () => {
    expect(finalResult('OK')).toEqual({ ok: true });
    expect(finalResult('ERROR')).toEqual({ ok: false, error: 'ERROR' });
    expect(finalResult('+CMS ERROR: 38')).toEqual({ ok: false, error: '+CMS ERROR: 38', cms: 38 });
    expect(finalResult('+CMGS: 3')).toBeNull();
  });
});
