import type { CounterView, FloorReply, PairingRequestView, ServiceQueue, StaffPublic } from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';
import type { StaffApp } from './staff.svelte';

/** How often the floor view refreshes (alerts must show within 2 s of a printer running out). */
const FLOOR_POLL_MS = 1000;

/** What the supervisor types for one pairing request. */
export interface PairForm {
  code: string;
  deviceId: string;
  name: string;
}

/** The supervisor's floor: counters, services, alerts, notices and pairing requests, polled while shown. */
export class Floor {
  readonly #app: StaffApp;
  counters = $state.raw<CounterView[]>([]);
  /** Every service with its name and live figures (`GET /queue`): names follow set-up changes. */
  queue = $state.raw<ServiceQueue[]>([]);
  floor = $state.raw<FloorReply | null>(null);
  pairing = $state.raw<PairingRequestView[]>([]);
  /**
   * One form per pending request, made when the request arrives (never while rendering: creating
   * state during render is Svelte's `state_unsafe_mutation`, which emptied the list).
   */
  pairForms = $state<Record<string, PairForm>>({});
  notice = $state.raw<Notice | null>(null);
  busy = $state(false);

  constructor(app: StaffApp) {
    this.#app = app;
  }

  /** Starts polling; returns the stop function (for an $effect). */
  start(): () => void {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await this.refresh();
      if (!stopped) timer = setTimeout(tick, FLOOR_POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  async refresh(): Promise<void> {
    try {
      const [counters, queue, floor, pairing] = await Promise.all([
        this.#app.hub.counters(),
        this.#app.hub.queue(),
        this.#app.hub.floor(),
        this.#app.hub.pairingRequests(),
      ]);
      this.counters = counters;
      this.queue = queue.services;
      this.floor = floor;
      this.#syncPairForms(pairing);
      this.pairing = pairing;
    } catch (err) {
      if (isSignedOut(err)) await this.#app.toLogin();
      else this.notice = noticeFor(err);
    }
  }

  #syncPairForms(pairing: PairingRequestView[]): void {
    const ids = new Set(pairing.map((r) => r.id));
    for (const id of Object.keys(this.pairForms)) if (!ids.has(id)) delete this.pairForms[id];
    for (const id of ids) this.pairForms[id] ??= { code: '', deviceId: '', name: '' };
  }

  #do = async (work: () => Promise<unknown>) => {
    if (this.busy) return;
    this.busy = true;
    this.notice = null;
    try {
      await work();
      await this.refresh();
    } catch (err) {
      if (isSignedOut(err)) await this.#app.toLogin();
      else this.notice = noticeFor(err);
    } finally {
      this.busy = false;
    }
  };

  openCounter = (id: string) => this.#do(() => this.#app.hub.openCounter(id));
  closeCounter = (id: string) => this.#do(() => this.#app.hub.closeCounter(id));
  broadcast = (zh: string, en: string, ttlMin?: number) =>
    this.#do(() => this.#app.hub.addNotice({ text: { zh, en }, ...(ttlMin ? { ttlMin } : {}) }));
  removeNotice = (id: string) => this.#do(() => this.#app.hub.removeNotice(id));
  /** Today's closing time: keep issuing until `until` ("HH:MM"), or stop issuing now; the boards are told. */
  extendHours = (serviceId: string, until: string) => this.#do(() => this.#app.hub.extendHours(serviceId, { until }));
  closeEarly = (serviceId: string) => this.#do(() => this.#app.hub.closeEarly(serviceId));
  approve = (requestId: string, body: { code: string; deviceId: string; name: string }) =>
    this.#do(() => this.#app.hub.approvePairing(requestId, body));
  reject = (requestId: string, code: string) => this.#do(() => this.#app.hub.rejectPairing(requestId, code));
  /** Drops every pending request (a flood); real devices simply ask again. */
  clearPairing = () => this.#do(() => this.#app.hub.clearPairing());
}

/** Minutes since `since`. */
export function minutesSince(since: number, now: number): number {
  return Math.max(0, Math.floor((now - since) / 60_000));
}

/** Supervisors and admins see the floor and the audit log. */
export function canSupervise(staff: StaffPublic | null): boolean {
  return staff?.role === 'supervisor' || staff?.role === 'admin';
}
