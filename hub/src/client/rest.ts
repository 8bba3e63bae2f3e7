/**
 * Typed REST client of the hub. Works in the browser (cookies are handled by the browser:
 * same-origin credentials) and in Node (the session cookie is captured from `set-cookie`
 * and sent back by hand, since Node's fetch has no cookie jar).
 */

import {
  API_PREFIX,
  type ApprovePairingBody,
  type ApprovePairingReply,
  type AuditQuery,
  type AuditReply,
  type CatalogueReply,
  type CloseEarlyBody,
  type ClosingReply,
  type CounterView,
  type DeviceListReply,
  type DeviceSettings,
  type DeviceWithSettings,
  type ErlangQuery,
  type ErlangReply,
  type ErrorBody,
  type ExtendHoursBody,
  type FinishBody,
  type FloorReply,
  type FrequentQuery,
  type FrequentReply,
  type HealthReply,
  type HistoryReply,
  type IssuedTicket,
  type IssueTicketBody,
  type JoinBody,
  type JoinOptions,
  type KpiQuery,
  type KpiReport,
  type LoginReply,
  type NoticeBody,
  type NoticeView,
  type NotifySettingsBody,
  type NotifySettingsView,
  type PairingListReply,
  type PairingPoll,
  type PairingPollBody,
  type PairingRequestBody,
  type PairingStart,
  type PhoneCodeBody,
  type PhoneCodeReply,
  type PrintTicketReply,
  type QueueReply,
  type RateVisitReply,
  type RejectPairingBody,
  type RejectPairingReply,
  type RepeatPairsQuery,
  type RepeatPairsReply,
  type RepeatQuery,
  type RepeatReport,
  SESSION_COOKIE,
  type SetupState,
  type SiteSetup,
  type StaffingQuery,
  type StaffingReply,
  type StaffPublic,
  type TicketReply,
  type TrackView,
  type TransferBody,
  type TransferReply,
  type WaitingReply,
} from '../protocol';
import type {
  AppointmentReply,
  AppointmentView,
  BookAppointmentBody,
  CheckInReply,
  ImportBody,
  ImportReply,
  SlotsReply,
  SuspensionBody,
  SuspensionReply,
} from '../protocol/appointments';
import type { CardReadReply, ErasureReply, PersonalDataExport, PersonBody } from '../protocol/privacy';
import type { AdminDeviceRow, AdminStaffRow, CreateStaffBody, IssueOptions, UpdateStaffBody } from './rest-types';

/** `?a=1&b=x` from the defined values (empty string when none). */
function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(`${status} ${code}: ${message}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface HubClientOptions {
  /** e.g. `http://localhost:8080`; empty string for same-origin in a browser. */
  baseUrl?: string;
  /** Device token (kiosks, displays, bridges) sent as `Authorization: Bearer`. */
  deviceToken?: string;
  fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// The pairing types live in the protocol; re-exported here where the client has always offered them.
export type { PairingPoll, PairingRequestView, PairingStart } from '../protocol';
export type { AdminDeviceRow, AdminStaffRow, CreateStaffBody, IssueOptions, UpdateStaffBody } from './rest-types';

export class HubClient {
  readonly baseUrl: string;
  private readonly doFetch: typeof fetch;
  private deviceToken: string | undefined;
  /** Only used outside browsers, where fetch keeps no cookies. */
  private sessionCookie: string | undefined;

  constructor(options: HubClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.deviceToken = options.deviceToken;
  }

  setDeviceToken(token: string | undefined): void {
    this.deviceToken = token;
  }

  async request<T>(method: Method, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
    const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.deviceToken) headers.authorization = `Bearer ${this.deviceToken}`;
    if (this.sessionCookie) headers.cookie = this.sessionCookie;
    const res = await this.doFetch(`${this.baseUrl}${API_PREFIX}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    this.captureCookie(res);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const err = (parsed as ErrorBody | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? (text || res.statusText), err?.details);
    }
    return parsed as T;
  }

  private captureCookie(res: Response): void {
    const getSetCookie = (res.headers as Headers & { getSetCookie?: () => string[] }).getSetCookie;
    if (typeof getSetCookie !== 'function') return;
    for (const line of getSetCookie.call(res.headers)) {
      const pair = line.split(';')[0] ?? '';
      const [name, value] = pair.split('=');
      if (name === SESSION_COOKIE) this.sessionCookie = value ? pair : undefined;
    }
  }

  // ----- public -----
  health = () => this.request<HealthReply>('GET', '/health');
  /** Services, priority classes with their display names, and the site's finish rule. */
  catalogue = () => this.request<CatalogueReply>('GET', '/services');
  services = () => this.catalogue().then((r) => r.services);
  counters = () => this.request<{ counters: CounterView[] }>('GET', '/counters').then((r) => r.counters);
  /** Staff: the counters the signed-in clerk may work at (a counter serving one of their skills; all for supervisors). */
  myCounters = () => this.request<{ counters: CounterView[] }>('GET', '/counters?mine=1').then((r) => r.counters);
  queue = () => this.request<QueueReply>('GET', '/queue');
  issueTicket = (body: IssueTicketBody, options: IssueOptions = {}) =>
    this.request<IssuedTicket>(
      'POST',
      '/tickets',
      body,
      options.idempotencyKey === undefined ? undefined : { 'idempotency-key': options.idempotencyKey },
    );
  track = (token: string) => this.request<TrackView>('GET', `/track/${encodeURIComponent(token)}`);
  /** The visitor rates their finished visit 1–5 from the phone track page (once; the same score again is a no-op). */
  rateVisit = (token: string, score: number) =>
    this.request<RateVisitReply>('POST', `/track/${encodeURIComponent(token)}/rating`, { score });
  /** What the visitor asked to be told (texts at "N ahead" and at the call), phone masked. */
  notifySettings = (token: string) => this.request<NotifySettingsView>('GET', `/track/${encodeURIComponent(token)}/notify`);
  /** Staff: the texts a visitor asked for about this ticket, phone masked. */
  ticketNotify = (id: string) => this.request<NotifySettingsView>('GET', `/tickets/${encodeURIComponent(id)}/notify`);
  setNotify = (token: string, body: NotifySettingsBody) =>
    this.request<NotifySettingsView>('PUT', `/track/${encodeURIComponent(token)}/notify`, body);
  /** The visitor cancels their own waiting ticket from the phone track page; answers the new track view. */
  cancelMyTicket = (token: string) => this.request<TrackView>('POST', `/track/${encodeURIComponent(token)}/cancel`);
  /** "I'm running late": move the visitor's own waiting ticket back N places or to the end. */
  moveMyTicketBack = (token: string, places: number | 'end') =>
    this.request<TrackView>('POST', `/track/${encodeURIComponent(token)}/late`, { places });
  /** "I'm here" from the phone page (on the site's network). */
  imHere = (token: string) => this.request<TrackView>('POST', `/track/${encodeURIComponent(token)}/arrived`);

  // ----- joining from a phone, and checking a remote visitor in at a kiosk -----
  joinOptions = () => this.request<JoinOptions>('GET', '/join');
  join = (body: JoinBody) => this.request<IssuedTicket>('POST', '/join', body);
  requestPhoneCode = (body: PhoneCodeBody) => this.request<PhoneCodeReply>('POST', '/join/phone-code', body);
  checkInArrival = (code: string) => this.request<IssuedTicket>('POST', '/arrivals/check-in', { code });

  // ----- device pairing (the device asks and polls; supervisors list, approve, reject) -----
  requestPairing = (body: PairingRequestBody) => this.request<PairingStart>('POST', '/devices/pairing', body);
  pollPairing = (requestId: string, pollSecret: string) =>
    this.request<PairingPoll>('POST', `/devices/pairing/${encodeURIComponent(requestId)}/poll`, {
      pollSecret,
    } satisfies PairingPollBody);
  pairingRequests = () => this.request<PairingListReply>('GET', '/devices/pairing').then((r) => r.requests);
  approvePairing = (requestId: string, body: ApprovePairingBody) =>
    this.request<ApprovePairingReply>('POST', `/devices/pairing/${encodeURIComponent(requestId)}/approve`, body);
  /** Clears pending pairing requests (supervisor): all, or those from one address. */
  clearPairing = (ip?: string) =>
    this.request<{ cleared: number }>('DELETE', `/devices/pairing${ip ? `?ip=${encodeURIComponent(ip)}` : ''}`);
  rejectPairing = (requestId: string, code: string) =>
    this.request<RejectPairingReply>('POST', `/devices/pairing/${encodeURIComponent(requestId)}/reject`, {
      code,
    } satisfies RejectPairingBody);

  // ----- devices -----
  /** Staff: every device with its state and printer. */
  devices = () => this.request<DeviceListReply>('GET', '/devices').then((r) => r.devices);
  /** Staff, or any paired device (a kiosk checks its token and its printer). */
  device = (id: string) => this.request<DeviceWithSettings>('GET', `/devices/${encodeURIComponent(id)}`);
  /** Print a ticket at the bridge serving kiosk `kioskId` (that kiosk's token, or staff); 503 when none is online. */
  printTicket = (kioskId: string, ticketId: string) =>
    this.request<PrintTicketReply>('POST', `/devices/${encodeURIComponent(kioskId)}/print-ticket`, { ticketId });

  // ----- staff session -----
  login = (username: string, password: string) => this.request<LoginReply>('POST', '/auth/login', { username, password });
  logout = () => this.request<{ ok: true }>('POST', '/auth/logout');
  me = () => this.request<LoginReply>('GET', '/auth/me');

  // ----- tickets -----
  ticket = (id: string) => this.request<TicketReply>('GET', `/tickets/${encodeURIComponent(id)}`).then((r) => r.ticket);
  private ticketAction(action: string) {
    return (id: string, body: object = {}) =>
      this.request<TicketReply>('POST', `/tickets/${encodeURIComponent(id)}/${action}`, body).then((r) => r.ticket);
  }
  recall = this.ticketAction('recall');
  start = this.ticketAction('start');
  finish = (id: string, body: FinishBody = {}) => this.ticketAction('finish')(id, body);
  noShow = this.ticketAction('no-show');
  cancel = this.ticketAction('cancel');
  requeue = this.ticketAction('requeue');
  transfer = (id: string, body: TransferBody) =>
    this.request<TransferReply>('POST', `/tickets/${encodeURIComponent(id)}/transfer`, body);

  // ----- counters -----
  callNext = (counterId: string) =>
    this.request<TicketReply>('POST', `/counters/${encodeURIComponent(counterId)}/call-next`, {}).then((r) => r.ticket);
  /** Supervisors only: call this waiting ticket out of turn. */
  callTicket = (counterId: string, ticketId: string, reason: string) =>
    this.request<TicketReply>('POST', `/counters/${encodeURIComponent(counterId)}/call-ticket`, { ticketId, reason }).then(
      (r) => r.ticket,
    );
  openCounter = (counterId: string) => this.counterAction(counterId, 'open');
  pauseCounter = (counterId: string, reason?: string) =>
    this.counterAction(counterId, 'pause', reason === undefined ? {} : { reason });
  closeCounter = (counterId: string) => this.counterAction(counterId, 'close');
  /** The waiting tickets of the counter's services, in policy order. */
  waiting = (counterId: string) => this.request<WaitingReply>('GET', `/counters/${encodeURIComponent(counterId)}/waiting`);

  // ----- staff console: history, floor, notices, audit -----
  /** Earlier visits of this ticket's visitor (identity required; masked). */
  history = (ticketId: string, options: { days?: number; repeatDays?: number } = {}) =>
    this.request<HistoryReply>('GET', `/tickets/${encodeURIComponent(ticketId)}/history${query(options)}`);
  /** Supervisors: service levels, alerts and notices. */
  floor = () => this.request<FloorReply>('GET', '/floor');
  notices = () => this.request<{ notices: NoticeView[] }>('GET', '/notices').then((r) => r.notices);
  addNotice = (body: NoticeBody) => this.request<{ notice: NoticeView }>('POST', '/notices', body).then((r) => r.notice);
  removeNotice = (id: string) => this.request<{ ok: true }>('DELETE', `/notices/${encodeURIComponent(id)}`);
  /** Supervisors: keep a service open today until a later time (site time "HH:MM"). */
  extendHours = (serviceId: string, body: ExtendHoursBody) =>
    this.request<ClosingReply>('POST', `/services/${encodeURIComponent(serviceId)}/extend`, body);
  /** Supervisors: stop issuing tickets for a service today, now or from a time; those waiting are still served. */
  closeEarly = (serviceId: string, body: CloseEarlyBody = {}) =>
    this.request<ClosingReply>('POST', `/services/${encodeURIComponent(serviceId)}/close-early`, body);
  /** Supervisors and admins: the audit log, newest first. */
  audit = (q: Omit<AuditQuery, 'format'> = {}) => this.request<AuditReply>('GET', `/audit${query(q)}`);
  /** The URL of the CSV export for these filters (for a download link). */
  auditCsvUrl = (q: Omit<AuditQuery, 'format'> = {}) => `${this.baseUrl}${API_PREFIX}/audit${query({ ...q, format: 'csv' })}`;

  // ----- reports (supervisor role; docs/analytics.md) -----
  reportKpis = (q: Omit<KpiQuery, 'format' | 'table'> = {}) => this.request<KpiReport>('GET', `/reports/kpis${query(q)}`);
  reportRepeats = (q: Omit<RepeatQuery, 'format' | 'table'> = {}) =>
    this.request<RepeatReport>('GET', `/reports/repeats${query(q)}`);
  reportRepeatPairs = (q: Omit<RepeatPairsQuery, 'format' | 'table'> = {}) =>
    this.request<RepeatPairsReply>('GET', `/reports/repeats/pairs${query(q)}`);
  reportFrequentVisitors = (q: Omit<FrequentQuery, 'format' | 'table'> = {}) =>
    this.request<FrequentReply>('GET', `/reports/frequent-visitors${query(q)}`);
  reportStaffing = (q: Omit<StaffingQuery, 'format' | 'table'> = {}) =>
    this.request<StaffingReply>('GET', `/reports/staffing${query(q)}`);
  reportErlang = (q: ErlangQuery) => this.request<ErlangReply>('GET', `/reports/erlang${query(q)}`);
  /** The URL of one report table as CSV (for a download link), e.g. `reportCsvUrl('kpis', 'arrivals', { from, to })`. */
  reportCsvUrl = (
    report: 'kpis' | 'repeats' | 'repeats/pairs' | 'frequent-visitors' | 'staffing' | 'phone',
    table: string,
    q: Record<string, string | number | undefined> = {},
  ) => `${this.baseUrl}${API_PREFIX}/reports/${report}${query({ ...q, format: 'csv', table })}`;

  // ----- administration (admin role): staff accounts and devices -----
  adminStaff = () => this.request<{ staff: AdminStaffRow[] }>('GET', '/admin/staff').then((r) => r.staff);
  createStaff = (body: CreateStaffBody) => this.request<StaffPublic>('POST', '/admin/staff', body);
  updateStaff = (id: string, body: UpdateStaffBody) =>
    this.request<StaffPublic>('PATCH', `/admin/staff/${encodeURIComponent(id)}`, body);
  /** Ends that person's sessions. */
  resetPassword = (id: string, password: string) =>
    this.request<{ ok: true }>('POST', `/admin/staff/${encodeURIComponent(id)}/password`, { password });
  adminDevices = () => this.request<{ devices: AdminDeviceRow[] }>('GET', '/admin/devices').then((r) => r.devices);
  renameDevice = (id: string, name: string) =>
    this.request<{ ok: true }>('PATCH', `/admin/devices/${encodeURIComponent(id)}`, { name });
  /** Admin: a screen's settings (`{}` clears them); the device reads them with `device(id)`. */
  setDeviceSettings = (id: string, settings: DeviceSettings) =>
    this.request<{ ok: true; settings?: DeviceSettings }>('PATCH', `/admin/devices/${encodeURIComponent(id)}`, { settings });
  /** The device's token stops working; it must be paired again. */
  revokeDevice = (id: string) => this.request<{ ok: true }>('DELETE', `/admin/devices/${encodeURIComponent(id)}`);
  /** The site's set-up in effect (services, counters, queue policy) and its version. */
  adminSetup = () => this.request<SetupState>('GET', '/admin/setup');
  /** Replaces the set-up, applied at once; a 400 `SETUP_INVALID` error's `details.problems` lists every problem. */
  saveSetup = (setup: SiteSetup, expectedVersion?: number) =>
    this.request<SetupState>('PUT', '/admin/setup', { setup, ...(expectedVersion !== undefined ? { expectedVersion } : {}) });

  // ----- appointment book (docs/appointments.md); `headers` carries an integration's x-api-key -----
  slots = (serviceId: string, date: string) => this.request<SlotsReply>('GET', `/slots${query({ service: serviceId, date })}`);
  bookAppointment = (body: BookAppointmentBody, headers?: Record<string, string>) =>
    this.request<AppointmentReply>('POST', '/appointments', body, headers).then((r) => r.appointment);
  appointment = (ref: string, headers?: Record<string, string>) =>
    this.request<AppointmentReply>('GET', `/appointments/${encodeURIComponent(ref)}`, undefined, headers).then(
      (r) => r.appointment,
    );
  appointments = (date: string, serviceId?: string) =>
    this.request<{ appointments: AppointmentView[] }>('GET', `/appointments${query({ date, service: serviceId })}`).then(
      (r) => r.appointments,
    );
  cancelAppointment = (ref: string, reason?: string, headers?: Record<string, string>) =>
    this.request<AppointmentReply>(
      'POST',
      `/appointments/${encodeURIComponent(ref)}/cancel`,
      reason === undefined ? {} : { reason },
      headers,
    ).then((r) => r.appointment);
  rescheduleAppointment = (ref: string, slotId: string, headers?: Record<string, string>) =>
    this.request<AppointmentReply>('POST', `/appointments/${encodeURIComponent(ref)}/reschedule`, { slotId }, headers).then(
      (r) => r.appointment,
    );
  /** At a kiosk (device token) or a counter (staff): a ticket carrying the appointment. */
  checkInAppointment = (ref: string) => this.request<CheckInReply>('POST', `/appointments/${encodeURIComponent(ref)}/check-in`);
  suspendAppointments = (body: SuspensionBody) => this.request<SuspensionReply>('POST', '/appointments/suspensions', body);
  importAppointments = (body: ImportBody, headers?: Record<string, string>) =>
    this.request<ImportReply>('POST', '/appointments/import', body, headers);

  // ----- a person's request (supervisors; docs/personal-data.md): the number goes in the body -----
  /** The person: `{ identity: { kind, value } }` typed in, or `{ cardRead }` from an armed reader. */
  exportPersonalData = (person: PersonBody) => this.request<PersonalDataExport>('POST', '/personal-data/export', person);
  erasePersonalData = (person: PersonBody) => this.request<ErasureReply>('POST', '/personal-data/erase', person);
  /** Arms a bridge's ID card reader for the next card (a minute); poll `cardRead` for it. */
  armCardReader = (deviceId: string) => this.request<CardReadReply>('POST', '/personal-data/card-reads', { deviceId });
  cardRead = (readId: string) => this.request<CardReadReply>('GET', `/personal-data/card-reads/${encodeURIComponent(readId)}`);

  private counterAction(counterId: string, action: string, body: object = {}) {
    return this.request<{ counter: CounterView }>('POST', `/counters/${encodeURIComponent(counterId)}/${action}`, body).then(
      (r) => r.counter,
    );
  }
}
