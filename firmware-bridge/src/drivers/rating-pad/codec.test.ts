import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../serial/lines';
import { decodePadCommand, decodePadLine, encodePadCommand, encodePadMessage } from './codec';

describe('rating pad line protocol', () => {
  it('decodes ratings, keys and the power-on hello; refuses anything else', () => {
    expect(decodePadLine(Buffer.from('RATE 5'))).toEqual({ t: 'rating', score: 5 });
    expect(decodePadLine(Buffer.from('RATE 1 '))).toEqual({ t: 'rating', score: 1 });
    expect(decodePadLine(Buffer.from('KEY call'))).toEqual({ t: 'button', button: 'call' });
    expect(decodePadLine(Buffer.from('HELLO CB-PAD v2'))).toEqual({ t: 'hello', model: 'CB-PAD v2' });
    for (const bad of ['RATE 0', 'RATE 6', 'RATE', 'KEY ', 'KEY a/b', 'rate 3', ''])
      expect(decodePadLine(Buffer.from(bad)), bad).toBeNull();
  });

  it('encodes both directions with the configured line ending', () => {
    expect(encodePadMessage({ t: 'rating', score: 4 }, '\r\n').toString()).toBe('RATE 4\r\n');
    expect(encodePadCommand({ t: 'ask', ticket: 'A023' }, '\n').toString()).toBe('ASK A023\n');
    expect(decodePadCommand(Buffer.from('ASK A023'))).toEqual({ t: 'ask', ticket: 'A023' });
    expect(decodePadCommand(Buffer.from('IDLE'))).toEqual({ t: 'idle' });
  });

  it('splits lines across chunks and drops runaway lines', () => {
    const s = new LineSplitter('\r\n', 16);
    expect(s.push(Buffer.from('RATE 3\r'))).toEqual([]);
    expect(s.push(Buffer.from('\nKEY ok\r\n')).map(String)).toEqual(['RATE 3', 'KEY ok']);
    expect(s.push(Buffer.alloc(40, 0x41))).toEqual([]);
    expect(s.push(Buffer.from('\r\nRATE 2\r\n')).map(String)).toEqual(['RATE 2']);
  });
});
