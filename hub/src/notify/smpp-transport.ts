/**
 * Texts through an operator's SMPP 3.4 gateway (SMSC), with the `smpp` package: one
 * bind_transceiver session, kept up with enquire_link and rebound with a capped backoff when it
 * drops; submit_sm in UCS-2 (data_coding 8), long texts split in concatenated parts (UDH
 * 05 00 03 ref total seq, 67 characters a part); submits paced to the account's rate; delivery
 * receipts (deliver_sm with the receipt flag) matched to the message ids the SMSC gave.
 *
 * Starting never waits for the SMSC: the hub comes up, texts wait in the outbox, and the
 * transport says "not bound" until the gateway answers.
 */
import smpp, { type Pdu, type Session } from 'smpp';
import type { NotificationsConfig } from '../config';
import type { OutgoingSms, SendOutcome, SmsTransport } from './transport';

type SmppConfig = NonNullable<NotificationsConfig['smpp']>;

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** UCS-2 characters in one text alone, and in each part of a concatenated one. */
const SINGLE_CHARS = 70;
const PART_CHARS = 67;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** Statuses after which the same submit may succeed later. */
const TRANSIENT = new Set([smpp.ESME_RTHROTTLED, smpp.ESME_RMSGQFUL, smpp.ESME_RSYSERR]);

/** Splits a text in UCS-2 parts (by UTF-16 code unit, never inside a surrogate pair). */
export function splitUcs2(text: string, ref: number): { udh?: Buffer; message: string }[] {
  if (text.length <= SINGLE_CHARS) return [{ message: text }];
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + PART_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    chunks.push(text.slice(i, end));
    i = end;
  }
  return chunks.map((message, k) => ({ udh: Buffer.from([0x05, 0x00, 0x03, ref & 0xff, chunks.length, k + 1]), message }));
}

/** `id:123 sub:001 dlvrd:001 … stat:DELIVRD …` → message id and whether it was delivered. */
export function parseReceipt(pdu: Pdu): { id: string; delivered: boolean } | null {
  const sm = pdu.short_message;
  const text = Buffer.isBuffer(sm)
    ? sm.toString('latin1')
    : typeof sm?.message === 'string'
      ? sm.message
      : (sm?.message?.toString('latin1') ?? '');
  const id = pdu.receipted_message_id ?? /id:(\S+)/.exec(text)?.[1];
  if (!id) return null;
  const stat = /stat:(\w+)/.exec(text)?.[1];
  const delivered = stat ? stat === 'DELIVRD' : pdu.message_state === 2;
  return { id, delivered };
}

export class SmppTransport implements SmsTransport {
  readonly name = 'smpp';
  onReceipt?: SmsTransport['onReceipt'];
  private session: Session | null = null;
  private bound = false;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private pace: Promise<unknown> = Promise.resolve();
  private lastSubmit = 0;
  private nextRef = 1;
  readonly stats = { binds: 0, submits: 0, refused: 0, receipts: 0 };

  private constructor(
    private readonly config: SmppConfig,
    private readonly log: Log,
  ) {}

  static start(config: SmppConfig, log: Log): SmppTransport {
    const t = new SmppTransport(config, log);
    t.connect();
    return t;
  }

  get isBound(): boolean {
    return this.bound;
  }

  private connect(): void {
    if (this.stopped) return;
    const { host, port = 2775, systemId, password, systemType, enquireLinkSec = 30 } = this.config;
    const session = smpp.connect({ host, port, auto_enquire_link_period: enquireLinkSec * 1000 });
    this.session = session;
    session.on('connect', () => {
      session.bind_transceiver(
        { system_id: systemId, password, system_type: systemType ?? '', interface_version: 0x34 },
        (pdu) => {
          if (pdu.command_status !== 0) {
            this.log.warn({ status: pdu.command_status }, 'the SMSC refused the bind; check systemId and password');
            session.destroy();
            return;
          }
          this.bound = true;
          this.failures = 0;
          this.stats.binds++;
          this.log.info({ host, port }, 'bound to the SMSC');
        },
      );
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      session.send(pdu.response());
      if (((pdu.esm_class ?? 0) & smpp.ESM_CLASS.MC_DELIVERY_RECEIPT) === 0) return;
      const receipt = parseReceipt(pdu);
      if (!receipt) return;
      this.stats.receipts++;
      this.onReceipt?.({ ref: receipt.id, delivered: receipt.delivered });
    });
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('error', (err: Error) => this.log.warn({ err: err.message }, 'SMSC connection error'));
    session.on('close', () => {
      if (this.session !== session) return;
      this.bound = false;
      this.session = null;
      if (this.stopped) return;
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(this.failures++, 10));
      if (this.failures === 1) this.log.warn({ host, port, retryMs: delay }, 'lost the SMSC; reconnecting');
      this.timer = setTimeout(() => {
        this.timer = null;
        this.connect();
      }, delay);
    });
  }

  send(sms: OutgoingSms): Promise<SendOutcome> {
    // One submit at a time, at most `perSecond`: an operator account is rate-limited and throttles (0x58) past it.
    const run = () => this.submitAll(sms);
    const result = this.pace.then(run, run);
    this.pace = result.catch(() => undefined);
    return result;
  }

  private async submitAll(sms: OutgoingSms): Promise<SendOutcome> {
    const parts = splitUcs2(sms.text, this.nextRef++);
    const refs: string[] = [];
    for (const part of parts) {
      const outcome = await this.submit(sms.to, part);
      if (!outcome.ok) return outcome;
      refs.push(outcome.id);
    }
    return { ok: true, refs };
  }

  private async submit(
    to: string,
    part: { udh?: Buffer; message: string },
  ): Promise<{ ok: true; id: string } | (SendOutcome & { ok: false })> {
    const interval = 1000 / (this.config.perSecond ?? 5);
    const wait = this.lastSubmit + interval - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastSubmit = Date.now();
    const session = this.session;
    if (!session || !this.bound) return { ok: false, reason: 'not bound to the SMSC' };
    this.stats.submits++;
    return new Promise((resolve) => {
      const sent = session.submit_sm(
        {
          source_addr: this.config.sourceAddr,
          destination_addr: to,
          data_coding: 8,
          esm_class: 0,
          registered_delivery: 1,
          short_message: part.udh ? { udh: part.udh, message: part.message } : { message: part.message },
        },
        (pdu) => {
          if (pdu.command_status === 0) return resolve({ ok: true, id: String(pdu.message_id ?? '') });
          this.stats.refused++;
          const status = `0x${pdu.command_status.toString(16).padStart(4, '0')}`;
          resolve({
            ok: false,
            reason: `the SMSC refused the text (status ${status})`,
            ...(TRANSIENT.has(pdu.command_status) ? {} : { permanent: pdu.command_status === smpp.ESME_RINVDSTADR }),
          });
        },
      );
      if (!sent) resolve({ ok: false, reason: 'the SMSC connection is not writable' });
      // A session that closes with the submit in flight never answers: the outbox's timeout ends the try.
      session.once('close', () => resolve({ ok: false, reason: 'the SMSC connection closed' }));
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const session = this.session;
    this.session = null;
    this.bound = false;
    if (!session) return;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => session.destroy(() => resolve()), 1000);
      session.unbind({}, () => {
        clearTimeout(done);
        session.destroy(() => resolve());
      });
    });
  }
}
