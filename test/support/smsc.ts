/**
 * A small SMSC for tests: the `smpp` package's own server binds one account (callboard/secret1),
 * records submits, answers with message ids and sends delivery receipts; `refuse` makes it answer
 * every submit with that status.
 */
import type { AddressInfo } from 'node:net';
import smpp, { type Pdu, type Session } from 'smpp';

export interface Submitted {
  to: string;
  text: string;
  dataCoding: number;
  udh?: Buffer;
}

/** A small SMSC: binds one account, records submits, answers with ids and (optionally) receipts. */
export class TestSmsc {
  readonly submitted: Submitted[] = [];
  readonly sessions = new Set<Session>();
  binds = 0;
  enquireLinks = 0;
  refuse: number | null = null;
  private nextId = 1000;
  private readonly server = smpp.createServer((session) => {
    this.sessions.add(session);
    session.on('close', () => this.sessions.delete(session));
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: Pdu) => {
      const ok = pdu.system_id === 'callboard' && pdu.password === 'secret1';
      session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
      if (ok) this.binds++;
    });
    session.on('enquire_link', (pdu: Pdu) => {
      this.enquireLinks++;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: Pdu) => session.send(pdu.response()));
    session.on('submit_sm', (pdu: Pdu) => {
      if (this.refuse !== null) {
        session.send(pdu.response({ command_status: this.refuse }));
        return;
      }
      const sm = pdu.short_message as { message: string; udh?: Buffer[] };
      this.submitted.push({
        to: pdu.destination_addr as string,
        text: sm.message,
        dataCoding: pdu.data_coding as number,
        ...(sm.udh?.[0] ? { udh: sm.udh[0] } : {}),
      });
      const id = String(this.nextId++);
      session.send(pdu.response({ message_id: id }));
      setTimeout(
        () =>
          session.deliver_sm({
            source_addr: pdu.destination_addr,
            esm_class: smpp.ESM_CLASS.MC_DELIVERY_RECEIPT,
            short_message: `id:${id} sub:001 dlvrd:001 submit date:2612050930 done date:2612050930 stat:DELIVRD err:000 text:`,
          }),
        20,
      );
    });
  });

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)),
    );
  }

  /** Drops every client connection (the SMSC restarts). */
  dropAll(): void {
    for (const s of this.sessions) s.destroy();
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Texts joined by their concatenation headers, in order of arrival. */
  texts(): { to: string; text: string }[] {
    const out: { to: string; text: string }[] = [];
    const parts = new Map<number, Submitted[]>();
    for (const s of this.submitted) {
      if (!s.udh) {
        out.push({ to: s.to, text: s.text });
        continue;
      }
      const ref = s.udh[2] as number;
      const got = [...(parts.get(ref) ?? []), s];
      parts.set(ref, got);
      if (got.length === s.udh[3]) {
        out.push({ to: s.to, text: got.map((g) => g.text).join('') });
        parts.delete(ref); // a reference number comes round again (a restarted sender starts over)
      }
    }
    return out;
  }
}
