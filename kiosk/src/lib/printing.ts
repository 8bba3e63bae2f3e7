/**
 * What the confirmation screen says about the paper ticket. Several sources report on the same
 * job and may arrive in any order — the hub's reply to "print this" (with the printer's state at
 * that moment), a card result's `printing` flag, and the bridge's `print-result` — so this is a
 * small reducer: a final word (printed, or why not) is never overwritten by "printing".
 */
import { ApiError, type HubClient, type PrinterCondition, type PrinterState } from '@callboard/hub/client';

export type PrintState =
  /** Nothing asked yet (an unpaired page, or the request is on its way). */
  | 'none'
  | 'printing'
  | 'printed'
  | 'paper_end'
  | 'cover_open'
  /** No bridge with a printer is online for this kiosk, or the printer does not answer. */
  | 'offline'
  /** Any other failure (printer error, job refused for a reason we do not know). */
  | 'failed';

export type PrintEvent =
  | { kind: 'sent'; condition?: PrinterCondition }
  | { kind: 'unavailable' }
  | { kind: 'card'; printing: boolean }
  | { kind: 'result'; ok: boolean; reason?: string }
  | { kind: 'error' };

const FINAL: ReadonlySet<PrintState> = new Set(['printed', 'paper_end', 'cover_open', 'offline', 'failed']);

export function isPrintProblem(state: PrintState): boolean {
  return state === 'paper_end' || state === 'cover_open' || state === 'offline' || state === 'failed';
}

/** The bridge's refusal reasons (`printer out of paper`, `printer cover open`, …) as a state. */
export function reasonState(reason: string | undefined): PrintState {
  const r = (reason ?? '').toLowerCase();
  if (r.includes('paper')) return 'paper_end';
  if (r.includes('cover')) return 'cover_open';
  if (r.includes('offline') || r.includes('expired') || r.includes('late')) return 'offline';
  return 'failed';
}

function conditionState(condition: PrinterCondition | undefined): PrintState {
  switch (condition) {
    case 'paper_end':
      return 'paper_end';
    case 'cover_open':
      return 'cover_open';
    case 'offline':
      return 'offline';
    case 'error':
      return 'failed';
    default:
      return 'printing'; // ok, near end (still prints), or not known yet
  }
}

export function nextPrintState(current: PrintState, event: PrintEvent): PrintState {
  switch (event.kind) {
    case 'result':
      // The bridge's own word is final either way.
      return event.ok ? 'printed' : reasonState(event.reason);
    case 'sent': {
      if (FINAL.has(current)) return current;
      return conditionState(event.condition);
    }
    case 'card':
      if (FINAL.has(current)) return current;
      // The hub sends the job anyway; the bridge's print-result will say why it did not print.
      return event.printing ? 'printing' : 'failed';
    case 'unavailable':
      return current === 'printed' ? current : 'offline';
    case 'error':
      return FINAL.has(current) ? current : 'failed';
  }
}

/**
 * The welcome screen's warning about the printer, before a visitor takes a number: only what is
 * certain (out of paper, cover open); an unknown or offline printer is not announced here.
 */
export function printerWarning(
  printer: Pick<PrinterState, 'condition' | 'paper' | 'coverOpen'> | null,
): 'homePaperEnd' | 'homeCoverOpen' | null {
  if (!printer) return null;
  if (printer.condition === 'paper_end' || printer.paper === 'end') return 'homePaperEnd';
  if (printer.coverOpen || printer.condition === 'cover_open') return 'homeCoverOpen';
  return null;
}

/** Asks the hub to print a ticket on this kiosk's printer; each step is reported as a print event. */
export async function printCopy(
  hub: HubClient,
  deviceId: string,
  ticketId: string,
  report: (event: PrintEvent) => void,
): Promise<void> {
  report({ kind: 'sent' });
  try {
    const reply = await hub.printTicket(deviceId, ticketId);
    report(reply.printer ? { kind: 'sent', condition: reply.printer.condition } : { kind: 'sent' });
  } catch (err) {
    report(err instanceof ApiError && err.code === 'UNAVAILABLE' ? { kind: 'unavailable' } : { kind: 'error' });
  }
}
