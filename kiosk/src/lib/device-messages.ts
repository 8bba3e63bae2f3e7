/**
 * What arrives on the kiosk's own `devices/<id>/commands` topic, checked before use (a message
 * that does not have the shape the protocol promises is dropped, never half-used):
 * - `card-result`: the outcome of a card placed on this kiosk's reader (hub/src/devices);
 * - `print-result`: what became of a ticket's print job at this kiosk's bridge;
 * - `scan`: a code read by this kiosk's scanner, once the hub forwards scans to the kiosk page
 *   (not yet: see docs/kiosk.md — until then a keyboard-mode scanner is read by the page).
 */
import type { IssuedTicket, KioskCardResult, KioskPrintResult, Localized } from '@callboard/hub/client';

export interface KioskScan {
  v: 1;
  type: 'scan';
  code: string;
}

export type KioskInbound = KioskCardResult | KioskPrintResult | KioskScan;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const optional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || check(v);

export function isLocalized(v: unknown): v is Localized {
  return isObj(v) && isStr(v.zh) && isStr(v.en);
}

export function isIssuedTicket(v: unknown): v is IssuedTicket {
  return (
    isObj(v) &&
    isStr(v.id) &&
    isStr(v.number) &&
    isStr(v.serviceId) &&
    isStr(v.status) &&
    isInt(v.position) &&
    isInt(v.estimatedWaitSec) &&
    isInt(v.issuedAt) &&
    isStr(v.trackUrl) &&
    optional(v.identityMasked, isStr)
  );
}

export function parseKioskMessage(message: unknown): KioskInbound | null {
  if (!isObj(message) || message.v !== 1) return null;
  switch (message.type) {
    case 'card-result': {
      const m = message;
      const error = m.error;
      const ok =
        typeof m.ok === 'boolean' &&
        isInt(m.at) &&
        optional(m.existing, (x) => typeof x === 'boolean') &&
        optional(m.ticket, isIssuedTicket) &&
        optional(m.serviceName, isLocalized) &&
        optional(m.identityMasked, isStr) &&
        optional(m.printing, (x) => typeof x === 'boolean') &&
        optional(error, (x) => isObj(x) && isStr(x.code) && isStr(x.message)) &&
        (m.ok === false || m.ticket !== undefined);
      return ok ? (m as unknown as KioskCardResult) : null;
    }
    case 'print-result': {
      const m = message;
      const ok =
        isInt(m.at) &&
        isStr(m.jobId) &&
        isStr(m.ticketId) &&
        isStr(m.number) &&
        typeof m.ok === 'boolean' &&
        optional(m.reason, isStr);
      return ok ? (m as unknown as KioskPrintResult) : null;
    }
    case 'scan':
      return isStr(message.code) && message.code.length > 0 && message.code.length <= 4096
        ? { v: 1, type: 'scan', code: message.code }
        : null;
    default:
      return null;
  }
}
