/**
 * The phones kept for texts, one per ticket or appointment (`ticket:<id>`, `appointment:<id>`),
 * sealed (phone-vault.ts) in phones.db and mirrored in memory so the outbox can address a text
 * to a ticket without waiting on the disk. Each is erased at its `eraseAt` (the end of the
 * business day for a ticket, the end of the appointment for an appointment) or as soon as its
 * ticket is finished; what stays is the HMAC, on the ticket or appointment itself.
 */
import type { NotifyRepository, PhoneDoc } from '../store';
import type { PhoneVault } from './phone-vault';

export class PhoneBook {
  private readonly byRef = new Map<string, PhoneDoc>();

  constructor(
    private readonly repo: NotifyRepository,
    readonly vault: PhoneVault,
  ) {}

  async load(): Promise<void> {
    for (const doc of await this.repo.phones()) this.byRef.set(doc._id, doc);
  }

  /**
   * Keeps `phone` for `ref` until `eraseAt`; throws VALIDATION_FAILED (synchronously, before
   * anything is written) for what is not a phone number. Resolves once it is on disk.
   */
  keep(ref: string, phone: string, eraseAt: number, now: number): { masked: string; hmac: string; written: Promise<void> } {
    const p = this.vault.protect(phone);
    const doc: PhoneDoc = { _id: ref, sealed: p.sealed, hmac: p.hmac, masked: p.masked, eraseAt, at: now };
    this.byRef.set(ref, doc);
    return { masked: p.masked, hmac: p.hmac, written: this.repo.keepPhone(doc) };
  }

  /** Moves a kept phone's erasure (an appointment moved to another slot); false when none is kept. */
  async eraseAtAgain(ref: string, eraseAt: number): Promise<boolean> {
    const doc = this.byRef.get(ref);
    if (!doc) return false;
    const next = { ...doc, eraseAt };
    this.byRef.set(ref, next);
    await this.repo.keepPhone(next);
    return true;
  }

  has(ref: string): boolean {
    return this.byRef.has(ref);
  }

  get(ref: string): Pick<PhoneDoc, 'sealed' | 'hmac' | 'masked'> | undefined {
    return this.byRef.get(ref);
  }

  async erase(refs: readonly string[]): Promise<void> {
    const known = refs.filter((r) => this.byRef.delete(r));
    await this.repo.erasePhones(known);
  }

  /** A person's erasure (docs/personal-data.md): every phone kept under this keyed hash goes now. */
  async eraseHmac(hmac: string): Promise<number> {
    const mine = [...this.byRef.values()].filter((d) => d.hmac === hmac).map((d) => d._id);
    await this.erase(mine);
    return mine.length;
  }

  /** Erases every phone whose time is up; returns how many. */
  async eraseDue(now: number): Promise<number> {
    const due = [...this.byRef.values()].filter((d) => d.eraseAt <= now).map((d) => d._id);
    await this.erase(due);
    return due.length;
  }

  get size(): number {
    return this.byRef.size;
  }
}
