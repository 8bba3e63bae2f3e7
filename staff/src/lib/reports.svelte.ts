import {
  type FrequentReply,
  type KpiReport,
  type Lang,
  type PhoneReport,
  type RepeatPairsQuery,
  type RepeatPairsReply,
  type RepeatReport,
  type ReportLabels,
  reportPhone,
  type StaffingReply,
} from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';
import type { StaffApp } from './staff.svelte';

/** Repeat windows offered by the selector (hours): 2 h … 7 days, as the API allows. */
export const REPEAT_WINDOWS = [2, 4, 8, 24, 48, 72, 168] as const;
/** Days in the default range, today included. */
export const DEFAULT_DAYS = 7;

/** 'YYYY-MM-DD' shifted by `days` (calendar arithmetic in UTC, so no zone can move it). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A duration in seconds as `m:ss` (or `h:mm:ss`); `–` for none. */
export function fmtDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '–';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A share 0..1 as a percentage; `–` for none. */
export function fmtShare(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(1)}%`;
}

export function fmtNumber(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

/** Repeat pairs shown per page of the drill-down. */
export const PAIRS_PAGE = 50;

/** Which pairs the drill-down lists: the row or matrix cell it was opened from. */
export interface PairFilter {
  serviceId?: string;
  staffId?: string;
  toServiceId?: string;
}

/** One row of a chart. */
export interface Bar {
  label: string;
  value: number;
}

const WEEKDAYS: Record<Lang, readonly string[]> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

export function weekdayName(lang: Lang, d: number): string {
  return WEEKDAYS[lang][d] ?? String(d);
}

/** The supervisor's Reports page: the range, the window and the three reports it shows. */
export class Reports {
  readonly #app: StaffApp;
  from = $state('');
  to = $state('');
  windowHours = $state(72);
  kpis = $state.raw<KpiReport | null>(null);
  repeats = $state.raw<RepeatReport | null>(null);
  staffing = $state.raw<StaffingReply | null>(null);
  /** The phone channel per hour: abandoned calls, callback success (docs/phone.md). */
  phone = $state.raw<PhoneReport | null>(null);
  notice = $state.raw<Notice | null>(null);
  busy = $state(false);
  /** Drill-down: the repeat pairs of one row of the repeat tables (null: closed). */
  pairFilter = $state.raw<PairFilter | null>(null);
  pairs = $state.raw<RepeatPairsReply | null>(null);
  pairsOffset = $state(0);
  /** Frequent visitors (loaded on demand: it reads every visit of the range). */
  frequent = $state.raw<FrequentReply | null>(null);
  minVisits = $state(3);
  /** The frequent visitor whose visits are shown (identityMasked + kind). */
  openVisitor = $state<string | null>(null);

  constructor(app: StaffApp) {
    this.#app = app;
  }

  /** Default range: the last 7 days to the hub's business date today (asked from the hub, whose zone may differ). */
  async init(): Promise<void> {
    try {
      const today = (await this.#app.hub.reportKpis()).to;
      this.to = today;
      this.from = addDays(today, -(DEFAULT_DAYS - 1));
      await this.load();
    } catch (err) {
      await this.#fail(err);
    }
  }

  async load(): Promise<void> {
    if (!this.from || !this.to) return;
    this.busy = true;
    this.notice = null;
    try {
      const range = { from: this.from, to: this.to };
      const [kpis, repeats, staffing, phone] = await Promise.all([
        this.#app.hub.reportKpis(range),
        this.#app.hub.reportRepeats({ ...range, windowHours: this.windowHours }),
        this.#app.hub.reportStaffing(range),
        reportPhone(this.#app.hub, range),
      ]);
      this.kpis = kpis;
      this.repeats = repeats;
      this.staffing = staffing;
      this.phone = phone;
    } catch (err) {
      await this.#fail(err);
    } finally {
      this.busy = false;
    }
  }

  /** Only the repeats (and an open drill-down) depend on the window. */
  async setWindow(hours: number): Promise<void> {
    this.windowHours = hours;
    try {
      this.repeats = await this.#app.hub.reportRepeats({ from: this.from, to: this.to, windowHours: hours });
      if (this.pairFilter) await this.openPairs(this.pairFilter, 0);
    } catch (err) {
      await this.#fail(err);
    }
  }

  /** Opens the drill-down of a repeat row (service, clerk × service, or a flow cell), one page of pairs. */
  async openPairs(filter: PairFilter, offset = 0): Promise<void> {
    this.pairFilter = filter;
    this.pairsOffset = offset;
    try {
      this.pairs = await this.#app.hub.reportRepeatPairs({ ...this.#pairQuery(), limit: PAIRS_PAGE, offset });
    } catch (err) {
      await this.#fail(err);
    }
  }

  closePairs(): void {
    this.pairFilter = null;
    this.pairs = null;
  }

  #pairQuery(): Omit<RepeatPairsQuery, 'format' | 'table'> {
    const q: Omit<RepeatPairsQuery, 'format' | 'table'> = { from: this.from, to: this.to, windowHours: this.windowHours };
    const f = this.pairFilter ?? {};
    if (f.serviceId !== undefined && f.serviceId !== '*') q.serviceId = f.serviceId;
    if (f.staffId !== undefined && f.staffId !== '*') q.staffId = f.staffId;
    if (f.toServiceId !== undefined) q.toServiceId = f.toServiceId;
    return q;
  }

  async loadFrequent(): Promise<void> {
    try {
      this.frequent = await this.#app.hub.reportFrequentVisitors({ from: this.from, to: this.to, minVisits: this.minVisits });
      this.openVisitor = null;
    } catch (err) {
      await this.#fail(err);
    }
  }

  toggleVisitor(key: string): void {
    this.openVisitor = this.openVisitor === key ? null : key;
  }

  async #fail(err: unknown): Promise<void> {
    if (isSignedOut(err)) await this.#app.toLogin();
    else this.notice = noticeFor(err);
  }

  /** The API's CSV export of one table over the shown range (the drill-down's: all its pairs, not one page). */
  csvUrl(report: 'kpis' | 'repeats' | 'repeats/pairs' | 'frequent-visitors' | 'staffing' | 'phone', table: string): string {
    let q: Record<string, string | number | undefined> = { from: this.from, to: this.to };
    if (report === 'repeats') q.windowHours = this.windowHours;
    if (report === 'repeats/pairs') q = { ...this.#pairQuery(), limit: 1000 };
    if (report === 'frequent-visitors') q.minVisits = this.minVisits;
    return this.#app.hub.reportCsvUrl(report, table, q);
  }

  // ----- derived figures for the tables and charts -----

  /** Services in the reports (configured order of the labels), without the total. */
  serviceIds = $derived.by(() => Object.keys(this.kpis?.labels.services ?? {}));

  /** Hours that had arrivals, with the total and each service's count. */
  arrivalHours = $derived.by(() => {
    const rows = this.kpis?.arrivals ?? [];
    const hours = [...new Set(rows.map((r) => r.hour))].sort((a, b) => a - b);
    return hours.map((hour) => {
      const at = rows.filter((r) => r.hour === hour);
      const by: Record<string, number> = {};
      for (const r of at) by[r.serviceId] = r.arrivals;
      return { hour, total: by['*'] ?? 0, perDay: at.find((r) => r.serviceId === '*')?.perDay ?? 0, by };
    });
  });

  arrivalsTotal = $derived(this.arrivalHours.reduce((n, h) => n + h.total, 0));

  arrivalBars = $derived<Bar[]>(this.arrivalHours.map((h) => ({ label: `${h.hour}:00`, value: h.total })));

  /** Per-clerk service time rows (the per-service totals are left out). */
  clerkServiceTime = $derived((this.kpis?.serviceTime ?? []).filter((r) => r.staffId !== '*'));

  serviceLevelBars = $derived<Bar[]>(
    (this.kpis?.serviceLevel ?? [])
      .filter((r) => r.serviceLevel !== null)
      .map((r) => ({ label: r.serviceId, value: (r.serviceLevel ?? 0) * 100 })),
  );

  /** Flow matrix: rows = service of the served visit, columns = service chosen on return. */
  flowMatrix = $derived.by(() => {
    const flow = this.repeats?.flow ?? [];
    const rows = [...new Set(flow.map((f) => f.fromServiceId))].sort();
    const cols = [...new Set(flow.map((f) => f.toServiceId))].sort();
    const cell = (from: string, to: string) => flow.find((f) => f.fromServiceId === from && f.toServiceId === to)?.count ?? 0;
    return { rows, cols, cell };
  });

  /** Interval histogram, trimmed after the last hour with a return. */
  intervals = $derived.by(() => {
    const rows = this.repeats?.intervals ?? [];
    let last = -1;
    for (const r of rows) if (r.count > 0) last = Math.max(last, r.hour);
    return rows.filter((r) => r.hour <= last);
  });

  intervalBars = $derived<Bar[]>(this.intervals.map((r) => ({ label: `${r.hour}`, value: r.count })));

  /** Satisfaction: per-service rows (with their clerks) first, then per clerk, then the total. */
  satisfaction = $derived(this.kpis?.satisfaction ?? []);

  satisfactionBars = $derived<Bar[]>(
    (this.kpis?.satisfaction ?? [])
      .filter((r) => r.staffId === '*' && r.serviceId !== '*' && r.meanScore !== null)
      .map((r) => ({ label: r.serviceId, value: r.meanScore ?? 0 })),
  );

  /** Staffing rows worth reading: hours with arrivals. */
  staffingRows = $derived((this.staffing?.rows ?? []).filter((r) => r.arrivalsPerHour > 0));
}

/** Names from a report's labels. */
export function serviceName(labels: ReportLabels | undefined, lang: Lang, id: string, total: string): string {
  if (id === '*') return total;
  return labels?.services[id]?.[lang] ?? id;
}

export function staffName(labels: ReportLabels | undefined, id: string, total: string): string {
  if (id === '*') return total;
  return labels?.staff[id] ?? id;
}

/** A label key for a ticket status or outcome if the console has one (else the raw value is shown). */
export function labelKey<K extends string>(known: Record<K, unknown>, prefix: string, value: string | null): K | null {
  if (value === null) return null;
  const key = `${prefix}${value}`;
  return key in known ? (key as K) : null;
}
