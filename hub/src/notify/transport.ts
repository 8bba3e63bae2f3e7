/**
 * How a text leaves the site: the SMS-modem bridge over MQTT (modem-transport.ts) or an
 * operator's SMPP gateway (smpp-transport.ts). The outbox owns retries and alerts; a transport
 * tries once and says how it went.
 */
export interface OutgoingSms {
  /** The outbox's message id (goes to the transport, comes back in results). */
  id: string;
  /** The clear number: opened from the vault just for this call, never kept by a transport. */
  to: string;
  text: string;
  expiresAt?: number;
}

export type SendOutcome =
  | { ok: true; refs?: string[] }
  | {
      ok: false;
      reason: string;
      /** Retrying will not help (number refused by the network, text refused). */
      permanent?: boolean;
    };

/** A delivery report: the handset got it (or the network gave up). */
export interface DeliveryReceipt {
  ref: string;
  delivered: boolean;
}

export interface SmsTransport {
  readonly name: string;
  send(sms: OutgoingSms): Promise<SendOutcome>;
  /** Where delivery reports go (set by the outbox). */
  onReceipt?: (receipt: DeliveryReceipt) => void;
  close(): Promise<void>;
}

/** No transport configured: nothing can be sent (the tracking page still alerts). */
export class NoTransport implements SmsTransport {
  readonly name = 'none';
  async send(): Promise<SendOutcome> {
    return { ok: false, reason: 'no SMS transport is configured', permanent: true };
  }
  async close(): Promise<void> {}
}
