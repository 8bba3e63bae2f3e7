/**
 * Appointment check-in at the kiosk: the booking reference typed on the on-screen keypad or read
 * from the booking QR by the scanner, checked in as this kiosk. The ticket it turns into is handed
 * to the kiosk to show and print; a refusal is said where the visitor is looking (under the keypad
 * on the appointment screen, in a dialog elsewhere).
 */
import type { HubClient, Localized } from '@callboard/hub/client';
import { arrivalOf, checkInErrorKey, isRef, minusMinutes, pressRefKey, refFromScan } from './appointment';
import type { KioskConfig } from './config';
import { CHECK_IN_SCREENS, type IssuedResult, type Screen } from './kiosk-types';
import type { MessageKey } from './messages';

/** What the check-in needs from the kiosk around it. */
export interface CheckInHost {
  screen(): Screen;
  /** Another request for this visitor is in flight or pending: a check-in waits its turn. */
  occupied(): boolean;
  serviceName(serviceId: string): Localized;
  show(result: IssuedResult): void;
  /** A refusal on a screen other than the appointment screen: a dialog. */
  fail(key: MessageKey): void;
  /** Closes a dialog left over from before (a new attempt starts clean). */
  dismiss(): void;
  say(key: MessageKey): void;
}

export class AppointmentCheckIn {
  readonly #hub: HubClient;
  readonly #window: KioskConfig['appointmentWindow'];
  readonly #host: CheckInHost;

  /** The reference typed on the appointment keypad. */
  ref = $state('');
  /** Why the last check-in was refused (on the appointment screen). */
  error = $state<MessageKey | null>(null);
  /** A check-in is in flight. */
  busy = $state(false);

  constructor(hub: HubClient, window: KioskConfig['appointmentWindow'], host: CheckInHost) {
    this.#hub = hub;
    this.#window = window;
    this.#host = host;
  }

  /** A fresh keypad (on "I have an appointment" and for the next visitor). */
  clear(): void {
    this.ref = '';
    this.error = null;
  }

  typeKey(key: string): void {
    this.ref = pressRefKey(this.ref, key);
    this.error = null;
  }

  deleteKey(): void {
    this.ref = this.ref.slice(0, -1);
    this.error = null;
  }

  submit(): void {
    if (!isRef(this.ref)) {
      this.error = 'apptRefShort';
      this.#host.say('apptRefShort');
      return;
    }
    void this.checkIn(this.ref);
  }

  /** A scanned code: a booking QR read on a screen a visitor scans on is checked in (true); anything else is not ours. */
  scanned(code: string): boolean {
    const ref = refFromScan(code);
    if (ref === null || !CHECK_IN_SCREENS.includes(this.#host.screen())) return false;
    this.ref = ref;
    void this.checkIn(ref);
    return true;
  }

  /** Checks the appointment in as this kiosk: its ticket (source `appointment`) is shown and printed. */
  async checkIn(ref: string): Promise<void> {
    if (this.busy || this.#host.occupied()) return;
    this.busy = true;
    this.error = null;
    this.#host.dismiss();
    try {
      const { appointment, ticket } = await this.#hub.checkInAppointment(ref);
      const w = this.#window;
      this.#host.show({
        ticket,
        serviceName: this.#host.serviceName(appointment.serviceId),
        identityMasked: appointment.identityMasked,
        existing: false,
        print: 'none',
        appointment: {
          ref: appointment.ref,
          time: appointment.time,
          arrival: arrivalOf(Date.now(), appointment.start, w),
          opens: minusMinutes(appointment.time, w.earlyMs / 60_000),
        },
      });
    } catch (err) {
      const key = checkInErrorKey(err);
      if (this.#host.screen() === 'appointment') this.error = key;
      else this.#host.fail(key);
      this.#host.say(key);
    } finally {
      this.busy = false;
    }
  }
}
