import type { PrintJob } from '@callboard/hub/protocol';
import { describe, expect, it } from 'vitest';
import { EscPosInterpreter } from '../../emulators/printer-escpos/interpreter';
import { TicketAssembler, ticketSvg, ticketText } from '../../emulators/printer-escpos/ticket';
import { jobBytes } from './layout';

const job: PrintJob = {
  cut: 'full',
  blocks: [
    { t: 'text', text: 'Demo Service Hall', align: 'center', bold: true },
    { t: 'text', text: '综合业务', align: 'center', size: 2 },
    { t: 'text', text: 'A023', align: 'center', size: 4, bold: true },
    { t: 'rule' },
    { t: 'qr', data: 'http://localhost:8080/t/0123456789abcdef', size: 6 },
    { t: 'feed', lines: 2 },
    { t: 'text', text: '前面还有 3 人' },
  ],
};

describe('print job → ESC/POS bytes (node-thermal-printer)', () => {
  const bytes = jobBytes(job);

  it('starts with ESC @, wraps Chinese in FS & … FS . as GB18030, and ends with a full cut', () => {
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    // 综合业务 in GB18030 (= GB2312 here): D7 DB BA CF D2 B5 CE F1, hand-checked.
    expect(bytes.includes(Buffer.from('1c26d7dbbacfd2b5cef11c2e', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('综合业务'))).toBe(false);
    const cut = bytes.lastIndexOf(Buffer.from([0x1d, 0x56, 0x00]));
    expect(cut).toBeGreaterThan(0);
    expect([...bytes.subarray(cut + 3)]).toEqual([0x1b, 0x40]); // node-thermal-printer resets after the cut
  });

  it('prints the wait range as the hub lays it out (ticket-layout.ts) in GB18030, the hyphen as ASCII', () => {
    const ranged = jobBytes({
      cut: 'full',
      blocks: [
        { t: 'text', text: '预计等待 12-18 分钟', align: 'center' },
        { t: 'text', text: 'Estimated wait 12-18 min', align: 'center' },
      ],
    });
    // 预计等待 D4A4 BCC6 B5C8 B4FD, " 12-18 " 20 3132 2D 3138 20, 分钟 B7D6 D6D3 (GB2312 rows, hand-checked).
    expect(ranged.includes(Buffer.from('1c26d4a4bcc6b5c8b4fd2031322d313820b7d6d6d31c2e', 'hex'))).toBe(true);
    expect(ranged.includes(Buffer.from('Estimated wait 12-18 min', 'ascii'))).toBe(true);
  });

  it('stores the QR payload with pL pH = length + 3 and prints it', () => {
    const url = Buffer.from('http://localhost:8080/t/0123456789abcdef');
    const store = Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, url.length + 3, 0, 0x31, 0x50, 0x30]), url]);
    expect(bytes.includes(store)).toBe(true);
    expect(bytes.includes(Buffer.from('1d286b0300315130', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('1d286b0300314306', 'hex'))).toBe(true); // module size 6
  });

  it('is read back by the emulator’s interpreter, however the bytes are chunked', () => {
    const render = (chunks: Buffer[]) => {
      const interp = new EscPosInterpreter();
      const asm = new TicketAssembler();
      return chunks.flatMap((c) => asm.apply(interp.push(c)));
    };
    const whole = render([bytes]);
    expect(whole).toHaveLength(1);
    const t = whole[0];
    if (!t) throw new Error('no ticket');
    const text = ticketText(t);
    expect(text).toContain('Demo Service Hall');
    expect(text).toContain('综合业务');
    expect(text).toContain('A023');
    expect(text).toContain('[QR] http://localhost:8080/t/0123456789abcdef');
    expect(text).toContain('前面还有 3 人');
    expect(text.trimEnd().endsWith('[CUT]')).toBe(true);
    expect(t.items.find((i) => i.t === 'line' && i.text === 'A023')).toMatchObject({
      align: 'center',
      width: 4,
      height: 4,
      bold: true,
    });
    expect(ticketSvg(t)).toContain('综合业务');
    // Split at every possible place (GB18030 characters and commands cut in half).
    for (let size = 1; size <= 7; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const [again] = render(chunks);
      expect(again && ticketText(again), `chunks of ${size}`).toBe(text);
      expect(again?.raw.equals(t.raw)).toBe(true);
    }
    // The ticket's raw bytes end at the cut (the ESC @ after it belongs to the next job).
    expect([...t.raw.subarray(-3)]).toEqual([0x1d, 0x56, 0x00]);
  });

  it('answers status requests in the middle of a job as events, not text', () => {
    const interp = new EscPosInterpreter();
    const events = interp.push(Buffer.concat([Buffer.from('AB'), Buffer.from([0x10, 0x04, 0x04]), Buffer.from('C\n')]));
    expect(events.map((e) => e.t)).toEqual(['text', 'status', 'text', 'newline']);
  });
});
