/**
 * Emulated ESC/POS printer on the far side of a pty: interprets what it receives, answers
 * DLE EOT status requests from a settable paper/cover state, and writes every ticket (one per
 * cut) as `ticket-NNNN.txt` (readable), `.svg` (a picture of the paper) and `.bin` (the raw
 * bytes) under its data directory. While out of paper or with the cover open it prints
 * nothing, like a real printer. `setStatusBits` sets the raw status bits one by one instead
 * (each bit on its own, in any combination a printer might report), for the driver's tests.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeBits, encodeStatus, noFlags, type StatusFlags } from '../../drivers/printer-escpos/codec';
import { DEFAULT_BAUD, type StatusBitName } from '../../drivers/printer-escpos/constants';
import type { Logger } from '../../log';
import type { SerialBinding } from '../../serial/binding';
import { SerialLink } from '../../serial/link';
import { EscPosInterpreter } from './interpreter';
import { type PrintedTicket, TicketAssembler, ticketSvg, ticketText } from './ticket';

export type PaperSetting = 'ok' | 'near_end' | 'end';

/** Raw bits under which a printer does not print. */
const STOPS_PRINTING: readonly StatusBitName[] = ['printerOffline', 'coverOpen', 'paperEndStop', 'errorOccurred', 'paperEnd'];

export interface PrinterEmulatorOptions {
  path: string;
  /** The serialport binding (default: the real one, for a pty); in-process links pass theirs. */
  binding?: SerialBinding;
  baudRate?: number;
  /** Tickets are written to `<dataDir>/` (created). */
  dataDir: string;
  log: Logger;
}

export interface SavedTicket extends PrintedTicket {
  seq: number;
  files: { txt: string; svg: string; bin: string };
  text: string;
}

export class PrinterEmulator extends EventEmitter<{ ticket: [SavedTicket] }> {
  readonly link: SerialLink;
  private interpreter = new EscPosInterpreter();
  private assembler = new TicketAssembler();
  private flags: StatusFlags = { ...noFlags };
  /** Raw status bits, when set: the replies carry exactly these, whatever paper and cover say. */
  private bits: ReadonlySet<StatusBitName> | null = null;
  private seq = 0;
  readonly tickets: SavedTicket[] = [];
  readonly stats = { statusRequests: 0, dropped: 0 };

  constructor(private readonly options: PrinterEmulatorOptions) {
    super();
    mkdirSync(options.dataDir, { recursive: true });
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? DEFAULT_BAUD,
      log: options.log,
      ...(options.binding ? { binding: options.binding } : {}),
    });
    this.link.on('open', () => {
      this.interpreter = new EscPosInterpreter();
      this.assembler = new TicketAssembler();
    });
    this.link.on('data', (chunk) => this.receive(chunk));
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  setPaper(paper: PaperSetting): void {
    this.flags = { ...this.flags, paperEnd: paper === 'end', paperNearEnd: paper === 'near_end' };
    this.options.log.info('paper set', { paper });
  }

  setCover(open: boolean): void {
    this.flags = { ...this.flags, coverOpen: open };
    this.options.log.info('cover set', { open });
  }

  /** Replies carry exactly these bits (`null`: back to the paper and cover settings). */
  setStatusBits(bits: readonly StatusBitName[] | null): void {
    this.bits = bits ? new Set(bits) : null;
    this.options.log.info('status bits set', { bits: bits ? bits.join(' ') || '(none)' : '(from paper and cover)' });
  }

  get statusBits(): StatusBitName[] | null {
    return this.bits ? [...this.bits] : null;
  }

  get paper(): PaperSetting {
    return this.flags.paperEnd ? 'end' : this.flags.paperNearEnd ? 'near_end' : 'ok';
  }

  get canPrint(): boolean {
    const b = this.bits;
    if (b) return !STOPS_PRINTING.some((name) => b.has(name));
    return !this.flags.paperEnd && !this.flags.coverOpen;
  }

  private receive(chunk: Buffer): void {
    const events = this.interpreter.push(chunk);
    for (const e of events)
      if (e.t === 'status') {
        this.stats.statusRequests++;
        const reply = Buffer.from([this.bits ? encodeBits(e.n, this.bits) : encodeStatus(e.n, this.flags)]);
        this.link.write(reply).catch((err: Error) => this.options.log.debug('status not sent', { err: err.message }));
      }
    if (!this.canPrint) {
      if (events.some((e) => e.t !== 'status')) {
        this.stats.dropped++;
        this.assembler.discard();
      }
      return;
    }
    for (const ticket of this.assembler.apply(events)) this.save(ticket);
  }

  private save(ticket: PrintedTicket): void {
    this.seq++;
    const base = path.join(this.options.dataDir, `ticket-${String(this.seq).padStart(4, '0')}`);
    const text = ticketText(ticket);
    const files = { txt: `${base}.txt`, svg: `${base}.svg`, bin: `${base}.bin` };
    writeFileSync(files.txt, text);
    writeFileSync(files.svg, ticketSvg(ticket));
    writeFileSync(files.bin, ticket.raw);
    const saved: SavedTicket = { ...ticket, seq: this.seq, files, text };
    this.tickets.push(saved);
    this.options.log.info('ticket printed', { file: path.basename(files.txt), bytes: ticket.raw.length });
    this.emit('ticket', saved);
  }
}
