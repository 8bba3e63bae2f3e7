/**
 * What a record looks like once its link to a person is gone (pure). The record itself stays —
 * a ticket still counts as issued, served, rated; an appointment as booked or missed — so every
 * report over an older period adds up as before. Each function returns the new form, or
 * `undefined` when the record holds nothing personal any more (so a second run changes nothing).
 */
import type { Ticket } from '../protocol';
import type { AppointmentDoc } from '../store';

/** A ticket without its identity (hash and masked form alike). */
export function ticketWithoutIdentity(ticket: Ticket): Ticket | undefined {
  if (!ticket.identity) return undefined;
  const { identity: _dropped, ...rest } = ticket;
  return rest as Ticket;
}

/**
 * An appointment without its holder: the identity keeps only its kind (the book's documents
 * always carry one), the masked name goes.
 */
export function appointmentWithoutIdentity(doc: AppointmentDoc): AppointmentDoc | undefined {
  if (doc.identity.hmac === '' && doc.identity.masked === '' && doc.nameMasked === undefined && doc.phoneHmac === undefined)
    return undefined;
  const { nameMasked: _dropped, phoneHmac: _phone, ...rest } = doc;
  return { ...rest, identity: { kind: doc.identity.kind, hmac: '', masked: '' } };
}

const HASH_KEY = /hmac/i;

/**
 * Audit details reduced to the hash-free form: every field whose name says it holds an identity
 * hash (`hmac`, `identityHmac` …) is dropped, at any depth; masked forms stay, so the log still
 * says whose record an action touched, as far as a masked number says it.
 */
export function hashFreeDetails(details: Record<string, unknown>): Record<string, unknown> | undefined {
  const changed = { found: false };
  const out = strip(details, changed) as Record<string, unknown>;
  return changed.found ? out : undefined;
}

function strip(value: unknown, changed: { found: boolean }): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, changed));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (HASH_KEY.test(k)) {
      changed.found = true;
      continue;
    }
    out[k] = strip(v, changed);
  }
  return out;
}
