/**
 * Pure SAM frame codec: bytes ↔ frames, no I/O and no exceptions for bad input (a reader on a
 * noisy line sends anything). `scanFrame` looks at one candidate frame at the start of a
 * buffer and says: a whole valid frame, need more bytes, or bad. The resynchronising stream
 * parser (parser.ts) is built on it.
 */
import { Cmd, type CmdName, HEADER_LEN, MAX_LEN, MIN_LEN, PHOTO_LEN, PREAMBLE, TEXT_BLOCK_LEN } from './constants';

/** XOR of `bytes[from..to)`. */
export function xor(bytes: Buffer, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] as number;
  return x;
}

/** Wraps a body (CMD PARA data, or SW1 SW2 SW3 data) into a frame with length and checksum. */
export function encodeFrame(body: Buffer): Buffer {
  const len = body.length + 1;
  const frame = Buffer.alloc(HEADER_LEN + len);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(len, PREAMBLE.length);
  body.copy(frame, HEADER_LEN);
  frame[frame.length - 1] = xor(frame, PREAMBLE.length, frame.length - 1);
  return frame;
}

export function encodeCommand(name: CmdName, data: Buffer = Buffer.alloc(0)): Buffer {
  const [cmd, para] = Cmd[name];
  return encodeFrame(Buffer.concat([Buffer.from([cmd, para]), data]));
}

export function encodeResponse(sw3: number, data: Buffer = Buffer.alloc(0), sw1 = 0, sw2 = 0): Buffer {
  return encodeFrame(Buffer.concat([Buffer.from([sw1, sw2, sw3]), data]));
}

export type FrameScan =
  | { kind: 'frame'; body: Buffer; size: number }
  | { kind: 'need'; size: number }
  | { kind: 'bad'; reason: 'preamble' | 'length' | 'checksum' };

/**
 * Examines the candidate frame starting at `buf[at]`. `need` gives the total size the frame
 * will have once complete (or the header size when even the length is missing).
 */
export function scanFrame(buf: Buffer, at = 0): FrameScan {
  const avail = buf.length - at;
  const pre = Math.min(avail, PREAMBLE.length);
  for (let i = 0; i < pre; i++) if (buf[at + i] !== PREAMBLE[i]) return { kind: 'bad', reason: 'preamble' };
  if (avail < HEADER_LEN) return { kind: 'need', size: HEADER_LEN };
  const len = buf.readUInt16BE(at + PREAMBLE.length);
  if (len < MIN_LEN || len > MAX_LEN) return { kind: 'bad', reason: 'length' };
  const size = HEADER_LEN + len;
  if (avail < size) return { kind: 'need', size };
  const chk = xor(buf, at + PREAMBLE.length, at + size - 1);
  if (chk !== buf[at + size - 1]) return { kind: 'bad', reason: 'checksum' };
  return { kind: 'frame', body: buf.subarray(at + HEADER_LEN, at + size - 1), size };
}

/** Decodes exactly one frame occupying the whole buffer, or null. */
export function decodeFrame(buf: Buffer): Buffer | null {
  const r = scanFrame(buf, 0);
  return r.kind === 'frame' && r.size === buf.length ? r.body : null;
}

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Buffer;
}

export interface SamCommand {
  cmd: number;
  para: number;
  data: Buffer;
}

export function parseResponse(body: Buffer): SamResponse | null {
  if (body.length < 3) return null;
  return { sw1: body[0] as number, sw2: body[1] as number, sw3: body[2] as number, data: body.subarray(3) };
}

export function parseCommand(body: Buffer): SamCommand | null {
  if (body.length < 2) return null;
  return { cmd: body[0] as number, para: body[1] as number, data: body.subarray(2) };
}

export function commandName(c: SamCommand): CmdName | undefined {
  for (const [name, [cmd, para]] of Object.entries(Cmd)) if (c.cmd === cmd && c.para === para) return name as CmdName;
  return undefined;
}

export interface ReadData {
  text: Buffer;
  photo: Buffer;
  fingerprint?: Buffer;
}

/**
 * The data of a "read text + photo" response: text length, photo length (2 bytes each,
 * big-endian) [and fingerprint length], then the blocks. Null when lengths and data disagree.
 */
export function parseReadData(data: Buffer, withFingerprint: boolean): ReadData | null {
  const head = withFingerprint ? 6 : 4;
  if (data.length < head) return null;
  const textLen = data.readUInt16BE(0);
  const photoLen = data.readUInt16BE(2);
  const fingerLen = withFingerprint ? data.readUInt16BE(4) : 0;
  if (textLen !== TEXT_BLOCK_LEN) return null;
  if (data.length !== head + textLen + photoLen + fingerLen) return null;
  const text = data.subarray(head, head + textLen);
  const photo = data.subarray(head + textLen, head + textLen + photoLen);
  const out: ReadData = { text, photo };
  if (withFingerprint) out.fingerprint = data.subarray(head + textLen + photoLen);
  return out;
}

/** Builds the data of a read response (emulator side). */
export function encodeReadData(text: Buffer, photo: Buffer = Buffer.alloc(PHOTO_LEN), fingerprint?: Buffer): Buffer {
  const head = Buffer.alloc(fingerprint ? 6 : 4);
  head.writeUInt16BE(text.length, 0);
  head.writeUInt16BE(photo.length, 2);
  if (fingerprint) head.writeUInt16BE(fingerprint.length, 4);
  return Buffer.concat(fingerprint ? [head, text, photo, fingerprint] : [head, text, photo]);
}
