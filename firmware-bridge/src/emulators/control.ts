/**
 * Drives the emulated peripherals from outside: a small HTTP API (tests, the kiosk's
 * end-to-end tests, a person with curl) and the same commands typed on stdin.
 *
 *   POST /idcard/place {"card":"zhang-san"}   stdin: place card zhang-san
 *   POST /idcard/lift                          stdin: lift
 *   GET  /idcard/cards                         stdin: cards
 *   POST /idcard/bounce {"card":"…","pattern":"flicker"}   stdin: bounce zhang-san flicker
 *   POST /idcard/faults {"corruptEvery":2,…}   stdin: faults corruptEvery=2 noiseBytes=8 (faults: healthy)
 *   POST /scanner/scan {"code":"…"}            stdin: scan <code>
 *   POST /printer/paper {"paper":"end"}        stdin: paper ok|near_end|end
 *   POST /printer/cover {"open":true}          stdin: cover open|closed
 *   POST /printer/bits {"bits":["paperEndStop"]}  stdin: bits paperEndStop (bits: back to paper/cover)
 *   GET  /printer/tickets                      stdin: tickets
 *   POST /rating/rate {"score":5}              stdin: rate 5
 *   POST /rating/press {"button":"call"}       stdin: press call
 *   GET  /led                                  stdin: led
 *   GET  /sms                                  stdin: sms            (texts the emulated modem sent, decoded)
 *   POST /sms/faults {"error":38,"times":2}    stdin: modem error=38 (or error=ERROR, silent=1, garbage=1; bare: healthy)
 *   GET  /state
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface, type Interface } from 'node:readline';
import { STATUS_BITS, type StatusBitName } from '../drivers/printer-escpos/constants';
import type { IdCardEmulator } from './idcard-sam/emulator';
import { BOUNCE_PATTERNS, type ReaderFaults } from './idcard-sam/faults';
import type { LedCounterEmulator } from './led-counter/emulator';
import type { PaperSetting, PrinterEmulator } from './printer-escpos/emulator';
import type { RatingPadEmulator } from './rating-pad/emulator';
import type { ScannerEmulator } from './scanner/emulator';
import type { ModemFaults, SmsModemEmulator } from './sms-modem/emulator';

export interface EmulatorSet {
  idcard?: IdCardEmulator;
  scanner?: ScannerEmulator;
  printer?: PrinterEmulator;
  rating?: RatingPadEmulator;
  led?: LedCounterEmulator;
  sms?: SmsModemEmulator;
}

type Reply = { status: number; body: unknown };
const ok = (body: unknown = { ok: true }): Reply => ({ status: 200, body });
const bad = (status: number, message: string): Reply => ({ status, body: { error: message } });
const PAPER = new Set(['ok', 'near_end', 'end']);

/** One command, from HTTP or stdin. */
export async function runCommand(emu: EmulatorSet, verb: string, args: Record<string, unknown>): Promise<Reply> {
  switch (verb) {
    case 'place': {
      if (!emu.idcard) return bad(404, 'no emulated ID card reader');
      const card = String(args.card ?? '');
      return emu.idcard.place(card)
        ? ok({ placed: card })
        : bad(404, `no test card "${card}" (known: ${emu.idcard.cards.map((c) => c.label).join(', ')})`);
    }
    case 'lift':
      if (!emu.idcard) return bad(404, 'no emulated ID card reader');
      emu.idcard.lift();
      return ok();
    case 'cards':
      if (!emu.idcard) return bad(404, 'no emulated ID card reader');
      return ok({ cards: emu.idcard.cards.map((c) => ({ label: c.label, kind: c.card.kind })), placed: emu.idcard.current });
    case 'bounce': {
      if (!emu.idcard) return bad(404, 'no emulated ID card reader');
      const pattern = Array.isArray(args.pattern) ? args.pattern.map(Number) : BOUNCE_PATTERNS[String(args.pattern)];
      if (!pattern || pattern.some((ms) => !Number.isFinite(ms) || ms < 0))
        return bad(400, `pattern is a list of ms or one of ${Object.keys(BOUNCE_PATTERNS).join(', ')}`);
      const card = String(args.card ?? '');
      return (await emu.idcard.bounce(card, pattern)) ? ok({ placed: card, pattern }) : bad(404, `no test card "${card}"`);
    }
    case 'faults': {
      if (!emu.idcard) return bad(404, 'no emulated ID card reader');
      const faults = readerFaults(args);
      if (typeof faults === 'string') return bad(400, faults);
      emu.idcard.setFaults(faults);
      return ok({ faults });
    }
    case 'scan':
      if (!emu.scanner) return bad(404, 'no emulated scanner');
      if (typeof args.code !== 'string' || args.code === '') return bad(400, 'give {"code": "…"}');
      await emu.scanner.scan(args.code, typeof args.symbology === 'string' ? args.symbology : undefined);
      return ok();
    case 'paper':
      if (!emu.printer) return bad(404, 'no emulated printer');
      if (!PAPER.has(String(args.paper))) return bad(400, 'paper is ok, near_end or end');
      emu.printer.setPaper(args.paper as PaperSetting);
      return ok({ paper: emu.printer.paper });
    case 'cover':
      if (!emu.printer) return bad(404, 'no emulated printer');
      emu.printer.setCover(args.open === true || args.open === 'open');
      return ok();
    case 'bits': {
      if (!emu.printer) return bad(404, 'no emulated printer');
      if (args.bits === null || args.bits === undefined) {
        emu.printer.setStatusBits(null);
        return ok({ bits: null });
      }
      const bits = Array.isArray(args.bits) ? args.bits.map(String) : [];
      const unknown = bits.filter((b) => !(b in STATUS_BITS));
      if (!Array.isArray(args.bits) || unknown.length > 0)
        return bad(400, `bits is a list of ${Object.keys(STATUS_BITS).join(', ')} (or null)`);
      emu.printer.setStatusBits(bits.filter((b): b is StatusBitName => b in STATUS_BITS));
      return ok({ bits });
    }
    case 'tickets':
      if (!emu.printer) return bad(404, 'no emulated printer');
      return ok({ tickets: emu.printer.tickets.map((t) => ({ seq: t.seq, text: t.text, files: t.files })) });
    case 'rate':
      if (!emu.rating) return bad(404, 'no emulated rating pad');
      await emu.rating.rate(Number(args.score));
      return ok();
    case 'press':
      if (!emu.rating) return bad(404, 'no emulated rating pad');
      await emu.rating.press(String(args.button ?? 'call'));
      return ok();
    case 'led':
      if (!emu.led) return bad(404, 'no emulated LED screen');
      return ok({ text: emu.led.text, brightness: emu.led.brightness });
    case 'sms':
      if (!emu.sms) return bad(404, 'no emulated SMS modem');
      return ok({ texts: emu.sms.received });
    case 'modem': {
      if (!emu.sms) return bad(404, 'no emulated SMS modem');
      const faults: ModemFaults = {};
      if (args.error !== undefined) faults.error = args.error === 'ERROR' ? 'ERROR' : Number(args.error);
      if (args.silent !== undefined) faults.silent = args.silent === true || args.silent === '1';
      if (args.garbage !== undefined) faults.garbage = args.garbage === true || args.garbage === '1';
      if (args.times !== undefined) faults.times = Number(args.times);
      if (typeof faults.error === 'number' && !Number.isInteger(faults.error))
        return bad(400, 'error is ERROR or a +CMS ERROR code');
      emu.sms.setFaults(faults);
      return ok({ faults });
    }
    case 'state':
      return ok({
        idcard: emu.idcard ? { placed: emu.idcard.current } : undefined,
        printer: emu.printer ? { paper: emu.printer.paper, tickets: emu.printer.tickets.length } : undefined,
        led: emu.led ? { text: emu.led.text } : undefined,
      });
    default:
      return bad(404, `unknown command "${verb}"`);
  }
}

const CORRUPTION = new Set(['checksum', 'length', 'truncate', 'mixed']);

/** `{corruptEvery, corruptLongerThan, corruption, noiseBytes, splitBytes, splitGapMs, seed}` checked, or what is wrong. */
function readerFaults(args: Record<string, unknown>): ReaderFaults | string {
  const out: ReaderFaults = {};
  for (const key of ['corruptEvery', 'corruptLongerThan', 'noiseBytes', 'splitBytes', 'splitGapMs', 'seed'] as const) {
    if (args[key] === undefined) continue;
    const n = Number(args[key]);
    if (!Number.isInteger(n) || n < 0 || n > 10_000) return `${key} must be a whole number 0–10000`;
    out[key] = n;
  }
  if (args.corruption !== undefined) {
    if (!CORRUPTION.has(String(args.corruption))) return 'corruption is checksum, length, truncate or mixed';
    out.corruption = String(args.corruption) as ReaderFaults['corruption'] & string;
  }
  return out;
}

const ROUTES: Record<string, string> = {
  'POST /idcard/place': 'place',
  'POST /idcard/lift': 'lift',
  'GET /idcard/cards': 'cards',
  'POST /idcard/bounce': 'bounce',
  'POST /idcard/faults': 'faults',
  'POST /scanner/scan': 'scan',
  'POST /printer/paper': 'paper',
  'POST /printer/cover': 'cover',
  'POST /printer/bits': 'bits',
  'GET /printer/tickets': 'tickets',
  'POST /rating/rate': 'rate',
  'POST /rating/press': 'press',
  'GET /led': 'led',
  'GET /sms': 'sms',
  'POST /sms/faults': 'modem',
  'GET /state': 'state',
};

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 8192) throw new Error('body too large');
  }
  if (!text) return {};
  const parsed = JSON.parse(text) as unknown;
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

export async function startControlServer(
  emu: EmulatorSet,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const verb = ROUTES[`${req.method} ${(req.url ?? '').split('?')[0]}`];
    const send = (r: Reply) => {
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    };
    if (!verb) return send(bad(404, `no route ${req.method} ${req.url}; see docs/devices.md`));
    body(req)
      .then((args) => runCommand(emu, verb, args))
      .then(send, (err: Error) => send(bad(400, err.message)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** Parses a typed line: `place card zhang-san`, `paper end`, `scan ABC`, `rate 5` … */
export function parseLine(line: string): { verb: string; args: Record<string, unknown> } | null {
  const words = line.trim().split(/\s+/);
  const [verb, ...rest] = words;
  if (!verb) return null;
  switch (verb) {
    case 'place':
      return { verb, args: { card: rest[0] === 'card' ? rest[1] : rest[0] } };
    case 'bounce':
      return { verb, args: { card: rest[0], pattern: rest[1] } };
    case 'modem':
    case 'faults':
      // `faults corruptEvery=2 corruption=length`; a bare `faults` makes the reader healthy again (`modem` likewise).
      return { verb, args: Object.fromEntries(rest.map((w) => w.split('=', 2) as [string, string])) };
    case 'scan':
      return { verb, args: { code: rest.join(' ') } };
    case 'paper':
      return { verb, args: { paper: rest[0] } };
    case 'cover':
      return { verb, args: { open: rest[0] === 'open' } };
    case 'bits':
      return { verb, args: { bits: rest.length > 0 ? rest : null } };
    case 'rate':
      return { verb, args: { score: Number(rest[0]) } };
    case 'press':
      return { verb, args: { button: rest[0] } };
    default:
      return { verb, args: {} };
  }
}

export function startStdinControl(emu: EmulatorSet, out: (line: string) => void): Interface {
  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => {
    const cmd = parseLine(line);
    if (!cmd) return;
    if (cmd.verb === 'help') return out(`commands: ${Object.values(ROUTES).join(', ')} (see docs/devices.md)`);
    runCommand(emu, cmd.verb, cmd.args).then(
      (r) => out(JSON.stringify(r.body)),
      (err: Error) => out(`error: ${err.message}`),
    );
  });
  return rl;
}
