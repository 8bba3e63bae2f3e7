import { beforeEach, describe, expect, it } from 'vitest';
import {
  commandName,
  decodeFrame,
  encodeCommand,
  encodeReadData,
  encodeResponse,
  parseCommand,
  parseReadData,
  parseResponse,
  scanFrame,
} from './codec';
import { Cmd, type CmdName, HEADER_LEN, MAX_LEN, PREAMBLE, Sw3, TEXT_BLOCK_LEN } from './constants';
import { COMMANDS, FIND_OK, READ_FINGER_HEADER, READ_HEADER, readResponse, SELECT_OK, zhangSanFengBlock } from './fixtures';

describe('SAM frame codec against the frames in DEVICES.md', () => {
  it.each(Object.keys(COMMANDS) as CmdName[])('encodes the %s command byte for byte', (name) => {
    expect(encodeCommand(name).toString('hex')).toBe(COMMANDS[name as keyof typeof COMMANDS].toString('hex'));
  });

  it.each(Object.entries(COMMANDS))('decodes the %s command frame back to its name', (name, frame) => {
    const body = decodeFrame(frame);
    expect(body).not.toBeNull();
    const cmd = parseCommand(body as Buffer);
    expect(cmd && commandName(cmd)).toBe(name);
    expect([cmd?.cmd, cmd?.para]).toEqual([...Cmd[name as CmdName]]);
  });

  it('decodes the find-card and select-card OK responses seen on real readers', () => {
    const find = parseResponse(decodeFrame(FIND_OK) as Buffer);
    expect(find).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x9f });
    expect(find?.data).toEqual(Buffer.alloc(4));
    const select = parseResponse(decodeFrame(SELECT_OK) as Buffer);
    expect(select).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x90 });
    expect(select?.data).toEqual(Buffer.alloc(8));
    // …and our encoder produces exactly those bytes.
    expect(encodeResponse(Sw3.findSuccess, Buffer.alloc(4))).toEqual(FIND_OK);
    expect(encodeResponse(Sw3.success, Buffer.alloc(8))).toEqual(SELECT_OK);
  });

  it('decodes a 1295-byte read text+photo response with the documented header', () => {
    const frame = readResponse(zhangSanFengBlock());
    expect(frame.length).toBe(1295);
    const r = scanFrame(frame);
    expect(r.kind).toBe('frame');
    const res = parseResponse((r as { body: Buffer }).body);
    expect(res?.sw3).toBe(0x90);
    const data = parseReadData(res?.data as Buffer, false);
    expect(data?.text).toEqual(zhangSanFengBlock());
    expect(data?.photo.length).toBe(1024);
    // The emulator's response has the same header and length.
    const ours = encodeResponse(Sw3.success, encodeReadData(zhangSanFengBlock(), Buffer.alloc(1024, 0x5a)));
    expect(ours.subarray(0, READ_HEADER.length)).toEqual(READ_HEADER);
    expect(ours).toEqual(frame);
  });

  it('decodes the text+photo+fingerprint variant (fingerprint length at bytes 14–15)', () => {
    const ours = encodeResponse(Sw3.success, encodeReadData(zhangSanFengBlock(), Buffer.alloc(1024), Buffer.alloc(1024, 7)));
    expect(ours.subarray(0, READ_FINGER_HEADER.length)).toEqual(READ_FINGER_HEADER);
    const res = parseResponse(decodeFrame(ours) as Buffer);
    const data = parseReadData(res?.data as Buffer, true);
    expect(data?.fingerprint).toEqual(Buffer.alloc(1024, 7));
    // Reading it as the plain variant fails cleanly (lengths disagree), it does not throw.
    expect(parseReadData(res?.data as Buffer, false)).toBeNull();
  });

  it('rejects a frame with a wrong checksum, a bad preamble, or an impossible length', () => {
    const bad = Buffer.from(FIND_OK);
    bad[bad.length - 1] = (bad.at(-1) as number) ^ 0x01;
    expect(scanFrame(bad)).toEqual({ kind: 'bad', reason: 'checksum' });
    const flipped = Buffer.from(FIND_OK);
    flipped[9] = (flipped[9] as number) ^ 0x80; // a data byte: the XOR no longer matches
    expect(scanFrame(flipped)).toEqual({ kind: 'bad', reason: 'checksum' });
    expect(scanFrame(Buffer.from('AAAAAA9668000300', 'hex'))).toEqual({ kind: 'bad', reason: 'preamble' });
    const huge = Buffer.from(FIND_OK);
    huge.writeUInt16BE(MAX_LEN + 1, 5);
    expect(scanFrame(huge)).toEqual({ kind: 'bad', reason: 'length' });
    const tiny = Buffer.from('AAAAAA9669000200', 'hex');
    expect(scanFrame(tiny)).toEqual({ kind: 'bad', reason: 'length' });
  });

  it('asks for more bytes for a frame that is not complete yet', () => {
    expect(scanFrame(FIND_OK.subarray(0, 3))).toEqual({ kind: 'need', size: 7 });
    expect(scanFrame(FIND_OK.subarray(0, 10))).toEqual({ kind: 'need', size: FIND_OK.length });
    expect(decodeFrame(FIND_OK.subarray(0, 10))).toBeNull();
  });
});

describe('SAM frames at the edges of the format', () => {
  // Built in each test, not while the file loads: a mutant of the encoder then fails a test
  // instead of the file.
  let frame: Buffer;
  beforeEach(() => {
    frame = encodeResponse(Sw3.success, Buffer.from([1, 2, 3]));
  });
  const header = (len: number) => {
    const h = Buffer.alloc(HEADER_LEN);
    PREAMBLE.copy(h, 0);
    h.writeUInt16BE(len, PREAMBLE.length);
    return h;
  };

  it('with exactly the header, asks for the whole frame; a length of exactly MAX_LEN is allowed, one more is not', () => {
    expect(scanFrame(header(frame.length - HEADER_LEN))).toEqual({ kind: 'need', size: frame.length });
    expect(scanFrame(header(MAX_LEN))).toEqual({ kind: 'need', size: HEADER_LEN + MAX_LEN });
    expect(scanFrame(header(MAX_LEN + 1))).toEqual({ kind: 'bad', reason: 'length' });
  });

  it('scans a frame that starts further into the buffer, whole or cut short', () => {
    const noise = Buffer.from([0x00, 0x55, 0xff]);
    expect(scanFrame(Buffer.concat([noise, frame]), 3)).toMatchObject({ kind: 'frame', size: frame.length });
    expect(scanFrame(Buffer.concat([noise, frame.subarray(0, -1)]), 3)).toEqual({ kind: 'need', size: frame.length });
  });

  it('decodes one frame filling the buffer, not one followed by more bytes', () => {
    expect(decodeFrame(frame)).toEqual(frame.subarray(HEADER_LEN, -1));
    expect(decodeFrame(Buffer.concat([frame, Buffer.from([0])]))).toBeNull();
    expect(decodeFrame(frame.subarray(0, -1))).toBeNull();
  });

  it('a response body needs SW1 SW2 SW3, a command body CMD PARA', () => {
    expect(parseResponse(Buffer.from([0, 0, 0x90]))).toEqual({ sw1: 0, sw2: 0, sw3: 0x90, data: Buffer.alloc(0) });
    expect(parseResponse(Buffer.from([0, 0]))).toBeNull();
    expect(parseCommand(Buffer.from([0x20, 0x01]))).toEqual({ cmd: 0x20, para: 0x01, data: Buffer.alloc(0) });
    expect(parseCommand(Buffer.from([0x20]))).toBeNull();
  });

  it('read data: too short for its lengths, a text block of another size, or a fingerprint not asked for', () => {
    expect(parseReadData(Buffer.alloc(3), false)).toBeNull();
    expect(parseReadData(Buffer.alloc(5), true)).toBeNull();
    expect(parseReadData(encodeReadData(Buffer.alloc(100), Buffer.alloc(10)), false)).toBeNull();
    const read = parseReadData(encodeReadData(Buffer.alloc(TEXT_BLOCK_LEN, 1), Buffer.alloc(10, 2)), false);
    expect(read).toStrictEqual({ text: Buffer.alloc(TEXT_BLOCK_LEN, 1), photo: Buffer.alloc(10, 2) });
  });
});
