import { describe, expect, it } from 'vitest';
import { PacketSizeMeter } from './packet-limit';

/** A packet's fixed header: type byte and the remaining length in MQTT's variable-length encoding. */
function header(type: number, length: number): Buffer {
  const bytes = [type];
  let n = length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}
const packet = (type: number, length: number) => Buffer.concat([header(type, length), Buffer.alloc(length, 0x61)]);

describe('PacketSizeMeter', () => {
  it('passes packets up to the limit, in one chunk or split anywhere', () => {
    const stream = Buffer.concat([packet(0x10, 20), packet(0x30, 1000), packet(0xc0, 0), packet(0x30, 1024)]);
    expect(new PacketSizeMeter(1024).feed(stream)).toBe(true);
    for (const size of [1, 2, 3, 7, 100]) {
      const m = new PacketSizeMeter(1024);
      for (let i = 0; i < stream.length; i += size) expect(m.feed(stream.subarray(i, i + size))).toBe(true);
    }
  });

  it('refuses a packet announced over the limit from its header alone, even split byte by byte', () => {
    expect(new PacketSizeMeter(1024).feed(header(0x30, 1025))).toBe(false);
    expect(new PacketSizeMeter(1024).feed(Buffer.concat([packet(0x10, 10), header(0x30, 128 * 1024 * 1024)]))).toBe(false);
    const m = new PacketSizeMeter(1024);
    const h = header(0x10, 5_000_000);
    const results = [...h].map((b) => m.feed(Buffer.from([b])));
    expect(results).toContain(false);
  });

  it('refuses a remaining length of more than four bytes', () => {
    expect(new PacketSizeMeter(Number.MAX_SAFE_INTEGER).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(false);
  });
});
