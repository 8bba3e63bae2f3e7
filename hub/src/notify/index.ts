/**
 * Notifications to visitors (docs/notifications.md): texts "N ahead", "you are called",
 * appointment reminders and one-time codes, through one durable outbox and one SMS transport
 * (a modem on a firmware-bridge, or an operator's SMPP gateway).
 *
 * The interface for the rest of the hub is `Notifier.send()` (outbox.ts): it validates and
 * queues a text and returns at once — it never waits for the disk or the network. The join
 * side (joining from a phone) sends its one-time verification codes through it:
 *
 *   hub.notify.send({ to: { phone }, purpose: 'code', template: 'code', lang, vars: { code } })
 *
 * A text about a ticket or appointment goes to the phone kept for it: `to: { ref: 'ticket:<id>' }`
 * after `notify.phones.keep(ref, phone, eraseAt, now)`. Numbers are sealed (phone-vault.ts),
 * masked for people, and erased at the end of the business day (phone-book.ts).
 */
export { ModemTransport } from './modem-transport';
export { Notifier } from './notifier';
export { Outbox, type OutboxAlerts, type SendRequest } from './outbox';
export { PhoneBook } from './phone-book';
export { PhoneVault, type ProtectedPhone } from './phone-vault';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export { Subscriptions, type TicketLookup, ticketRef } from './subscriptions';
export { DEFAULT_TEMPLATES, renderTemplate, type TemplateName } from './templates';
export { NoTransport, type OutgoingSms, type SendOutcome, type SmsTransport } from './transport';
