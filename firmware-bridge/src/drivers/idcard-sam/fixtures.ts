/**
 * Byte vectors from ../shared/DEVICES.md, typed in by hand (not produced by our encoder), so
 * the codec tests compare against the protocol, not against themselves.
 */
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

export const COMMANDS = {
  resetSam: hex('AA AA AA 96 69 00 03 10 FF EC'),
  samStatus: hex('AA AA AA 96 69 00 03 11 FF ED'),
  samId: hex('AA AA AA 96 69 00 03 12 FF EE'),
  findCard: hex('AA AA AA 96 69 00 03 20 01 22'),
  selectCard: hex('AA AA AA 96 69 00 03 20 02 21'),
  readText: hex('AA AA AA 96 69 00 03 30 01 32'),
  readTextFinger: hex('AA AA AA 96 69 00 03 30 10 23'),
  readAddress: hex('AA AA AA 96 69 00 03 30 03 30'),
} as const;

export const FIND_OK = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
export const SELECT_OK = hex('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C');
export const READ_HEADER = hex('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
export const READ_FINGER_HEADER = hex('AA AA AA 96 69 09 0A 00 00 90 01 00 04 00 04 00');

/** A whole read-text+photo response: the header above, `text`, a 1024-byte photo, and the XOR. */
export function readResponse(text: Buffer, photoByte = 0x5a): Buffer {
  const body = Buffer.concat([READ_HEADER, text, Buffer.alloc(1024, photoByte)]);
  let x = 0;
  for (let i = 5; i < body.length; i++) x ^= body[i] as number;
  return Buffer.concat([body, Buffer.from([x])]);
}

/** Writes `value` as UCS-2 LE into a space-padded field (test side, independent of the codec). */
export function field(block: Buffer, offset: number, length: number, value: string): void {
  for (let i = 0; i < length; i += 2) block.writeUInt16LE(0x0020, offset + i);
  Buffer.from(value, 'utf16le').copy(block, offset, 0, length);
}

/** 256 bytes of spaces (UCS-2 LE 20 00). */
export function blankBlock(): Buffer {
  const b = Buffer.alloc(256);
  for (let i = 0; i < 256; i += 2) b.writeUInt16LE(0x0020, i);
  return b;
}

/** 张三丰, male, Han, born 1949-12-31, ID 11010519491231002X (the standard's own example number). */
export function zhangSanFengBlock(): Buffer {
  const b = blankBlock();
  field(b, 0, 30, '张三丰');
  field(b, 30, 2, '1');
  field(b, 32, 4, '01');
  field(b, 36, 16, '19491231');
  field(b, 52, 70, '北京市朝阳区示例街道100号');
  field(b, 122, 36, '11010519491231002X');
  field(b, 158, 30, '北京市公安局朝阳分局');
  field(b, 188, 16, '20100101');
  field(b, 204, 16, '长期');
  return b;
}
