/**
 * The words the kiosk's state speaks in: its screens, what the confirmation shows of a ticket,
 * and the few numbers that shape the screens. Kept apart so the reactive classes
 * (`kiosk.svelte.ts`, `device-session.svelte.ts`, `check-in.svelte.ts`, `issuing.svelte.ts`) and
 * the components share them without importing each other.
 */
import type { IssuedTicket, IssueTicketBody, Localized } from '@callboard/hub/client';
import type { Arrival } from './appointment';
import type { PrintState } from './printing';
import type { Speaker } from './voice';

export type Screen = 'welcome' | 'identity' | 'card' | 'phone' | 'scan' | 'appointment' | 'missed' | 'issued' | 'pair';

/** What the confirmation shows of a ticket (a check-in's reply carries fewer fields than an issue's). */
export type ShownTicket = Pick<
  IssuedTicket,
  | 'id'
  | 'number'
  | 'serviceId'
  | 'position'
  | 'estimatedWaitSec'
  | 'estimatedWaitRange'
  | 'trackUrl'
  | 'identityMasked'
  // A multi-stop visit: the stops after this one (route-messages.ts).
  | 'route'
>;

/** The appointment a check-in turned into the ticket, and how the visitor came for it. */
export interface CheckedInAppointment {
  ref: string;
  /** Slot start, `HH:MM` site time. */
  time: string;
  arrival: Arrival;
  /** `HH:MM` the policy window opens (an early visitor is ranked as an appointment from then). */
  opens: string;
}

export interface IssuedResult {
  ticket: ShownTicket;
  serviceName: Localized;
  identityMasked?: string;
  /** The visitor already held this ticket (shown instead of a second one). */
  existing: boolean;
  print: PrintState;
  /** Set when the ticket came from an appointment check-in. */
  appointment?: CheckedInAppointment;
  /** A missed call put back in the line by the visitor ("I missed my call"). */
  requeued?: boolean;
}

export interface PendingIssue {
  body: IssueTicketBody;
  /** Same key on every retry of this visitor's request: a hub that honours it issues once. */
  key: string;
  serviceName: Localized;
  startedAt: number;
  attempts: number;
}

/** What the kiosk takes from the browser (a test hands in its own). */
export interface KioskEnv {
  storage: Storage;
  location: Location;
  history: History;
  speaker: Speaker | null;
}

/** Service tiles per screen in the standard mode (senior mode fits what the screen holds). */
export const TILES_PER_PAGE = 6;

/** The screens a booking QR is read on (elsewhere a scan is not a check-in). */
export const CHECK_IN_SCREENS: readonly Screen[] = ['welcome', 'appointment', 'identity', 'scan'];
