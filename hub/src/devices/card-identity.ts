/**
 * A card read → the identity the queue matches on. Resident ID cards, HK/Macau/Taiwan
 * residence permits and 2023 foreign permanent resident cards carry an 18-character number
 * with the MOD 11-2 check digit: kind `id-card`. The old foreign permanent resident card's
 * 15-character number has none, and the protocol has no identity kind for it yet, so it is
 * matched as an opaque code (`qr`, prefixed so it can never equal a scanned code).
 */
import type { CardKind, IdentityInput } from '../protocol';

export function cardIdentityInput(card: { kind: CardKind; idNumber: string }): IdentityInput {
  if (card.kind === 'foreign-old') return { kind: 'qr', value: `foreign-pr-old:${card.idNumber}` };
  return { kind: 'id-card', value: card.idNumber };
}
