/**
 * What a scanned code means at this kiosk, and which flow it goes to: a missed ticket's QR on
 * the missed-call screen (re-queue, `MissedCall`), a remote visitor's arrival QR (check-in), an
 * appointment's QR (`AppointmentCheckIn`), else an identity QR for the chosen service. Codes come
 * from a scanner in keyboard mode ("wedge", typed into the page) or from the kiosk's bridge,
 * forwarded by the hub.
 */
import {
  type HubClient,
  type IdentityInput,
  type IssueTicketBody,
  type Localized,
  trackTokenFromScan,
} from '@callboard/hub/client';
import { checkInByScan } from './arrival-scan';
import type { AppointmentCheckIn } from './check-in.svelte';
import type { IssuedResult, Screen } from './kiosk-types';
import type { MessageKey } from './messages';
import type { MissedCall } from './missed-call.svelte';
import type { Tile } from './tiles';

/** What the dispatch needs from the kiosk around it. */
export interface ScanHost {
  screen(): Screen;
  /** A request for this visitor (ticket, check-in, re-queue) is in flight: a scan is dropped. */
  occupied(): boolean;
  /** The service chosen on this visit: an identity QR is for it. */
  service(): Tile | null;
  serviceName(serviceId: string): Localized;
  show(result: IssuedResult): void;
  /** Shows a message in a dialog over the screen. */
  fail(key: MessageKey): void;
  say(key: MessageKey): void;
  issue(body: IssueTicketBody): void;
}

export class ScanDispatch {
  readonly #hub: HubClient;
  readonly #missed: MissedCall;
  readonly #checkIn: AppointmentCheckIn;
  readonly #host: ScanHost;

  constructor(hub: HubClient, flows: { missed: MissedCall; checkIn: AppointmentCheckIn }, host: ScanHost) {
    this.#hub = hub;
    this.#missed = flows.missed;
    this.#checkIn = flows.checkIn;
    this.#host = host;
  }

  /**
   * A code a scanner in keyboard mode typed into this page. A remote visitor's check-in QR is
   * checked in from here (no bridge saw it); anything else goes the way of every scan.
   */
  wedgeScanned(code: string): void {
    // On the missed-call screen a ticket's QR is the missed-call flow's (scanned, below).
    if (this.#host.screen() === 'missed' || trackTokenFromScan(code) === undefined) {
      this.scanned(code);
      return;
    }
    if (this.#host.occupied()) return;
    void checkInByScan(this.#hub, code).then((r) => {
      if ('ticket' in r) {
        this.#host.show({
          ticket: r.ticket,
          serviceName: this.#host.serviceName(r.ticket.serviceId),
          existing: false,
          print: 'none',
        });
      } else {
        this.#host.fail(r.error);
        this.#host.say(r.error);
      }
    });
  }

  /**
   * A code from the scanner (keyboard-mode, or forwarded by the hub: `fromHub`): a ticket's QR on
   * the missed-call screen, a booking QR, else an identity QR.
   */
  scanned(code: string, fromHub = false): void {
    const screen = this.#host.screen();
    // A keyboard-mode scanner on the missed-call screen: the kiosk asks the hub itself.
    if (screen === 'missed' && !fromHub && this.#missed.scanned(code)) return;
    // A remote visitor's check-in QR (or a missed ticket's): the hub checks it in from the bridge's
    // scan itself and answers with the ticket (card-result); it must never become a QR identity here.
    if (trackTokenFromScan(code) !== undefined) return;
    if (this.#checkIn.scanned(code)) return;
    const service = this.#host.service();
    if (!service || (screen !== 'scan' && screen !== 'identity')) return;
    if (code.length > 128) {
      this.#host.fail('errIdentityInvalid');
      return;
    }
    const identity: IdentityInput = { kind: 'qr', value: code };
    this.#host.issue({ serviceId: service.id, identity });
  }
}
