/**
 * A person's ID card presented at a reader for a supervisor's request (instead of a typed
 * number): the supervisor arms one bridge's reader; its next card is taken — no ticket — and held
 * here as the keyed hash and masked form only, for that supervisor's export and erasure, for a
 * minute. In memory only: a restart forgets every read.
 */
import { randomUUID } from 'node:crypto';
import { CallboardError, type StoredIdentity } from '../protocol';

export const CARD_READ_TTL_MS = 60_000;

interface Read {
  deviceId: string;
  by: string;
  until: number;
  identity?: StoredIdentity;
}

export type CardReadState =
  | { state: 'waiting'; expiresAt: number }
  | { state: 'read'; expiresAt: number; person: { kind: StoredIdentity['kind']; masked: string } }
  | { state: 'expired' };

export class CardPresentations {
  private readonly reads = new Map<string, Read>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = CARD_READ_TTL_MS,
  ) {}

  /** Arms `deviceId`'s reader for `by` (a staff id); an earlier read waiting there is dropped. */
  arm(deviceId: string, by: string): { readId: string; expiresAt: number } {
    this.sweep();
    for (const [id, r] of this.reads) if (r.deviceId === deviceId && !r.identity) this.reads.delete(id);
    const readId = randomUUID();
    const until = this.now() + this.ttlMs;
    this.reads.set(readId, { deviceId, by, until });
    return { readId, expiresAt: until };
  }

  /** A card at `deviceId`: taken (true) when a read waits there, so it issues no ticket. */
  take(deviceId: string, identity: StoredIdentity): boolean {
    this.sweep();
    for (const r of this.reads.values())
      if (r.deviceId === deviceId && !r.identity) {
        r.identity = identity;
        return true;
      }
    return false;
  }

  state(readId: string, by: string): CardReadState {
    this.sweep();
    const r = this.reads.get(readId);
    if (!r || r.by !== by) return { state: 'expired' };
    return r.identity
      ? { state: 'read', expiresAt: r.until, person: { kind: r.identity.kind, masked: r.identity.masked } }
      : { state: 'waiting', expiresAt: r.until };
  }

  /** The identity read, for the supervisor who armed it; it stays for their export and erasure until it expires. */
  identity(readId: string, by: string): StoredIdentity {
    this.sweep();
    const r = this.reads.get(readId);
    if (!r || r.by !== by || !r.identity)
      throw new CallboardError('NOT_FOUND', 'no card read with this id: place the card on the reader again');
    return r.identity;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, r] of this.reads) if (r.until <= now) this.reads.delete(id);
  }
}
