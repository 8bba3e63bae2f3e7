/**
 * What the notifications keep (hub/src/notify): phones kept for texts (sealed, never in clear),
 * the outbox of texts, and visitors' "tell me when" subscriptions. docs/notifications.md.
 */
import type { Lang } from '../protocol';

/**
 * A phone kept for texts about one ticket or appointment (`ref` = `ticket:<id>` or
 * `appointment:<id>`): AES-GCM sealed with a key derived from the site secret, with the keyed
 * HMAC (repeat visits) and the masked form (what a clerk sees). Erased at `eraseAt`.
 */
export interface PhoneDoc {
  _id: string;
  sealed: string;
  hmac: string;
  masked: string;
  eraseAt: number;
  at: number;
}

export type OutboxState = 'queued' | 'sent' | 'delivered' | 'failed';

/** One text to one phone. `toSealed` is dropped as soon as the text is sent or given up. */
export interface OutboxDoc {
  _id: string;
  purpose: string;
  /** What it is about (`ticket:<id>`, `appointment:<id>`, `code:<…>`); no phone. */
  about?: string;
  toSealed?: string;
  toMasked: string;
  toHmac: string;
  text: string;
  lang: Lang;
  state: OutboxState;
  attempts: number;
  nextAt: number;
  createdAt: number;
  expiresAt?: number;
  transport?: string;
  /** Transport references (modem message refs, SMPP message ids) to match delivery reports. */
  refs?: string[];
  lastError?: string;
  doneAt?: number;
}

/** A visitor's "tell me when" for one ticket; each text fires at most once. */
export interface SubscriptionDoc {
  _id: string; // the ticket id
  lang: Lang;
  aheadAt: number | null;
  onCall: boolean;
  firedAhead: boolean;
  firedCalled: boolean;
  at: number;
}
