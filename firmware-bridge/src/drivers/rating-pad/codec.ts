/** Pure rating-pad codec: lines ↔ messages. Unknown or malformed lines decode to null. */
export type PadMessage = { t: 'rating'; score: number } | { t: 'button'; button: string } | { t: 'hello'; model: string };
export type PadCommand = { t: 'ask'; ticket: string } | { t: 'idle' } | { t: 'beep' };

export function decodePadLine(line: Buffer): PadMessage | null {
  const text = line.toString('latin1').trim();
  let m = /^RATE ([1-5])$/.exec(text);
  if (m) return { t: 'rating', score: Number(m[1]) };
  m = /^KEY ([A-Za-z0-9_-]{1,32})$/.exec(text);
  if (m) return { t: 'button', button: m[1] as string };
  m = /^HELLO ([\x20-\x7e]{0,40})$/.exec(text);
  if (m) return { t: 'hello', model: m[1] as string };
  return null;
}

export function encodePadMessage(msg: PadMessage, eol: string): Buffer {
  const text = msg.t === 'rating' ? `RATE ${msg.score}` : msg.t === 'button' ? `KEY ${msg.button}` : `HELLO ${msg.model}`;
  return Buffer.from(`${text}${eol}`, 'latin1');
}

export function encodePadCommand(cmd: PadCommand, eol: string): Buffer {
  const ticket = cmd.t === 'ask' ? cmd.ticket.replace(/[^\x20-\x7e]/g, '').slice(0, 16) : '';
  const text = cmd.t === 'ask' ? `ASK ${ticket}` : cmd.t === 'idle' ? 'IDLE' : 'BEEP';
  return Buffer.from(`${text}${eol}`, 'latin1');
}

export function decodePadCommand(line: Buffer): PadCommand | null {
  const text = line.toString('latin1').trim();
  const m = /^ASK ([\x20-\x7e]{1,16})$/.exec(text);
  if (m) return { t: 'ask', ticket: m[1] as string };
  if (text === 'IDLE') return { t: 'idle' };
  if (text === 'BEEP') return { t: 'beep' };
  return null;
}
