/**
 * The phones kept for texts as a personal-data holder (hub/src/privacy): retention erases those
 * whose time is up, and a person's erasure request erases theirs at once (with any text still
 * waiting to go to them).
 */
import type { PersonalDataHolder } from '../privacy';
import type { NotifyRepository } from '../store';
import type { Outbox } from './outbox';
import type { PhoneBook } from './phone-book';

export function phoneHolder(deps: {
  phones: PhoneBook;
  outbox: Outbox;
  texts: Pick<NotifyRepository, 'messagesTo' | 'forgetRecipient'>;
  now: () => number;
}): PersonalDataHolder {
  return {
    name: 'notification-phones',
    async ageOut() {
      return { erased: await deps.phones.eraseDue(deps.now()) };
    },
    async find(hmac) {
      return { texts: await deps.texts.messagesTo(hmac) };
    },
    async erase(hmac) {
      await deps.outbox.withdraw((d) => d.toHmac === hmac, 'the person asked to be forgotten');
      const phones = await deps.phones.eraseHmac(hmac);
      return { phones, texts: await deps.texts.forgetRecipient(hmac) };
    },
  };
}
