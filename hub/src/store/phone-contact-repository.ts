/**
 * Phone contacts (`phone-contacts.db`, docs/phone.md "What is stored"): one record per call that
 * rang at a desk (answered or abandoned) and per callback that ended. Durable like tickets: a
 * write resolves once it is fdatasync'ed. The caller only as keyed HMAC + masked number; both go
 * with the identity retention and a person's erasure (the contact stays, anonymous).
 */
import type { PhoneContact } from '../protocol';
import type { Store } from './store';

export type PhoneContactDoc = PhoneContact & { _id: string };

function strip(doc: PhoneContactDoc): PhoneContact {
  const { _id, ...contact } = doc;
  return contact;
}

export class PhoneContactRepository {
  constructor(private readonly store: Store) {}

  /**
   * Records a contact; the same contact again replaces it (a callback rated after it ended, the same
   * hang-up reported twice). A call's key is its kind, day and the PBX's call id, so no call id a
   * PBX sends (`callback:<ticket>`, or one it uses again another day) replaces another contact.
   */
  async record(contact: PhoneContact): Promise<void> {
    const key = contact.kind === 'callback' ? contact.id : `inbound:${contact.businessDate}:${contact.id}`;
    await this.store.phoneContacts.updateAsync({ _id: key }, { ...contact, _id: key }, { upsert: true });
  }

  /** Contacts of business dates in [from, to], oldest first. */
  async between(from: string, to: string): Promise<PhoneContact[]> {
    const docs = await this.store.phoneContacts.findAsync({ businessDate: { $gte: from, $lte: to } });
    return docs.map(strip).sort((a, b) => a.startedAt - b.startedAt);
  }

  /** Every contact of this caller (a person's request). */
  async ofIdentity(hmac: string): Promise<PhoneContact[]> {
    return (await this.store.phoneContacts.findAsync({ callerHmac: hmac })).map(strip).sort((a, b) => a.startedAt - b.startedAt);
  }

  /**
   * Drops the caller (HMAC and masked number) from the contacts that `which` selects, and compacts
   * the file so no older line keeps them. Returns how many changed.
   */
  private async forget(query: Record<string, unknown>): Promise<number> {
    const { numAffected } = await this.store.phoneContacts.updateAsync(
      query as never,
      { $unset: { callerHmac: true, callerMasked: true } } as never,
      { multi: true },
    );
    if (numAffected > 0) await this.store.phoneContacts.compactDatafileAsync();
    return numAffected;
  }

  /** A person's erasure: their contacts stay, without them. */
  forgetIdentity(hmac: string): Promise<number> {
    return this.forget({ callerHmac: hmac });
  }

  /** Retention: contacts of business dates before `date` lose their caller. */
  forgetBefore(date: string): Promise<number> {
    return this.forget({
      businessDate: { $lt: date },
      $or: [{ callerHmac: { $exists: true } }, { callerMasked: { $exists: true } }],
    });
  }
}
