/**
 * The hub's in-process event bus: the queue and the other services say what happened, and the
 * parts that react (the live MQTT publisher, LED screens, the head-office uplink, appointment
 * webhooks) subscribe here. Nothing in the hub listens to its own MQTT output.
 * Delivery is synchronous and in subscription order; a listener that throws is logged and
 * never breaks the operation that emitted the event.
 */
import type { AppointmentEvent, BoardSnapshot, CallStep, DeviceStatusMessage, Localized, Ticket } from '../protocol';

/** Every event the hub emits, with its payload. */
export interface HubEventMap {
  /** A ticket was issued (kiosk, staff, appointment check-in, card tap). */
  'ticket.issued': { ticket: Ticket };
  /** A ticket was called (or recalled) to a counter. */
  /** `step`: which step of a two-step call; `name`/`nameOnly`: what a screen shows (masked name, by the service's setting). */
  'ticket.called': {
    ticket: Ticket;
    counter: { id: string; name: Localized };
    recall: boolean;
    at: number;
    step?: CallStep;
    name?: string;
    nameOnly?: boolean;
  };
  /** A ticket changed state (start, finish, no-show, cancel, transfer, re-queue, rating). */
  'ticket.changed': { ticket: Ticket };
  /** Something on the boards changed (waiting counts, estimates, recent calls, notices). */
  'board.changed': Record<string, never>;
  /** The live board snapshot as the hub published it (coalesced). */
  'board.published': { snapshot: BoardSnapshot };
  /** A counter's state or current ticket changed, or the counter was added or removed. */
  'counter.changed': { counterId: string };
  /** An admin's set-up (services, counters, policy) took effect. */
  'setup.changed': { version: number };
  /** The queue moved to a new business day. */
  'day.rolled': { day: string };
  /** A device reported its status (online, offline, printer state …). */
  'device.status': { deviceId: string; status: DeviceStatusMessage };
  /** An appointment was booked, changed, checked in or missed. */
  'appointment.changed': AppointmentEvent;
}

export type HubEventName = keyof HubEventMap;
export type HubListener<K extends HubEventName> = (payload: HubEventMap[K]) => void;

export class HubEvents {
  private readonly listeners = new Map<HubEventName, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (event: HubEventName, err: unknown) => void = () => undefined) {}

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends HubEventName>(event: K, listener: HubListener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends HubEventName>(event: K, payload: HubEventMap[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as HubListener<K>)(payload);
      } catch (err) {
        this.onListenerError(event, err);
      }
    }
  }

  /** Drops every subscription (at shutdown). */
  clear(): void {
    this.listeners.clear();
  }
}
