/**
 * Texts through an SMS modem on a firmware-bridge (firmware-bridge/src/drivers/sms-modem): the
 * hub publishes each text on `devices/<modem>/sms` — the only MQTT topic that carries a clear
 * number, readable by that `sms-modem` device alone (broker/acl.ts) — and the bridge answers on
 * `devices/<modem>/sms-results` with the outcome and, later, delivery reports.
 */
import { Value } from 'typebox/value';
import type { Bus } from '../broker';
import { SmsResultMessage, type SmsSendMessage, topics } from '../protocol';
import type { OutgoingSms, SendOutcome, SmsTransport } from './transport';

export class ModemTransport implements SmsTransport {
  readonly name: string;
  onReceipt?: SmsTransport['onReceipt'];
  private readonly waiting = new Map<string, (outcome: SendOutcome) => void>();

  private constructor(
    private readonly bus: Bus,
    private readonly siteId: string,
    private readonly deviceId: string,
  ) {
    this.name = `modem:${deviceId}`;
  }

  static async start(bus: Bus, siteId: string, deviceId: string): Promise<ModemTransport> {
    const t = new ModemTransport(bus, siteId, deviceId);
    await bus.subscribe(topics.deviceSmsResults(siteId, deviceId), (_topic, payload) => t.onResult(payload));
    return t;
  }

  send(sms: OutgoingSms): Promise<SendOutcome> {
    if (!this.bus.connected) return Promise.resolve({ ok: false, reason: 'the broker is not reachable' });
    const msg: SmsSendMessage = {
      v: 1,
      id: sms.id,
      to: sms.to,
      text: sms.text,
      at: Date.now(),
      ...(sms.expiresAt !== undefined ? { expiresAt: sms.expiresAt } : {}),
    };
    return new Promise<SendOutcome>((resolve) => {
      // The outbox times a try out; a late answer then finds nobody waiting and is ignored.
      this.waiting.set(sms.id, resolve);
      this.bus.publish(topics.deviceSms(this.siteId, this.deviceId), msg, { qos: 1, retain: false }).catch((err: Error) => {
        this.waiting.delete(sms.id);
        resolve({ ok: false, reason: `not published: ${err.message}` });
      });
    }).finally(() => this.waiting.delete(sms.id));
  }

  private onResult(payload: Buffer): void {
    let msg: unknown;
    try {
      msg = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    if (!Value.Check(SmsResultMessage, msg)) return;
    if (msg.type === 'delivery') {
      this.onReceipt?.({ ref: `${this.deviceId}:${msg.ref}`, delivered: msg.delivered });
      return;
    }
    const resolve = this.waiting.get(msg.id);
    if (!resolve) return;
    resolve(
      msg.ok
        ? { ok: true, ...(msg.refs ? { refs: msg.refs.map((r) => `${this.deviceId}:${r}`) } : {}) }
        : { ok: false, reason: msg.reason ?? 'the modem refused it', ...(msg.permanent ? { permanent: true } : {}) },
    );
  }

  async close(): Promise<void> {
    for (const resolve of this.waiting.values()) resolve({ ok: false, reason: 'the hub is stopping' });
    this.waiting.clear();
  }
}
