/** Pure LED screen codec: commands ↔ bytes, acknowledgements. Never throws on any input. */
import iconv from 'iconv-lite';
import { blankControl } from '../../text';
import type { LedEncoding } from './constants';

export type LedCommand = { t: 'text'; text: string } | { t: 'bright'; level: number } | { t: 'clear' };
export type LedReply = { ok: true } | { ok: false; reason: string };

export function encodeLedCommand(cmd: LedCommand, encoding: LedEncoding, eol: string, maxChars = 64): Buffer {
  if (cmd.t === 'text')
    return Buffer.concat([
      Buffer.from('TEXT '),
      iconv.encode(blankControl([...cmd.text].slice(0, maxChars).join('')), encoding),
      Buffer.from(eol),
    ]);
  if (cmd.t === 'bright') return Buffer.from(`BRIGHT ${Math.max(0, Math.min(9, Math.round(cmd.level)))}${eol}`);
  return Buffer.from(`CLEAR${eol}`);
}

export function decodeLedCommand(line: Buffer, encoding: LedEncoding): LedCommand | null {
  if (line.subarray(0, 5).toString('latin1') === 'TEXT ') return { t: 'text', text: iconv.decode(line.subarray(5), encoding) };
  const text = line.toString('latin1').trim();
  const m = /^BRIGHT ([0-9])$/.exec(text);
  if (m) return { t: 'bright', level: Number(m[1]) };
  if (text === 'CLEAR') return { t: 'clear' };
  return null;
}

export function decodeLedReply(line: Buffer): LedReply | null {
  const text = line.toString('latin1').trim();
  if (text === 'OK') return { ok: true };
  if (text.startsWith('ERR')) return { ok: false, reason: text.slice(3).trim().slice(0, 100) || 'error' };
  return null;
}

export function encodeLedReply(reply: LedReply, eol: string): Buffer {
  return Buffer.from(`${reply.ok ? 'OK' : `ERR ${reply.reason}`}${eol}`, 'latin1');
}
