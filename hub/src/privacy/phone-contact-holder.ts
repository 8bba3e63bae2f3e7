/**
 * The phone-contacts store as a personal-data holder (hub/src/privacy, docs/personal-data.md):
 * contacts of days past `retention.identityDays` lose their caller (HMAC and masked number), as
 * tickets do; a person's export lists their calls; their erasure unlinks them (the contacts stay,
 * anonymous, for the figures).
 */

import type { PhoneContactRepository } from '../store';
import type { PersonalDataHolder } from './holders';

export function phoneContactHolder(deps: { contacts: PhoneContactRepository }): PersonalDataHolder {
  return {
    name: 'phone-contacts',
    async ageOut({ identityBefore }) {
      return { calls: await deps.contacts.forgetBefore(identityBefore) };
    },
    async find(hmac) {
      return { calls: await deps.contacts.ofIdentity(hmac) };
    },
    async erase(hmac) {
      return { calls: await deps.contacts.forgetIdentity(hmac) };
    },
  };
}
