import type { KpiReport, Lang, RepeatReport, ReportLabels, StaffingReply } from '@callboard/hub/client';
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
  notice = $state.raw<Notice | null>(null);
  busy = $state(false);

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
      const [kpis, repeats, staffing] = await Promise.all([
        this.#app.hub.reportKpis(range),
        this.#app.hub.reportRepeats({ ...range, windowHours: this.windowHours }),
        this.#app.hub.reportStaffing(range),
      ]);
      this.kpis = kpis;
      this.repeats = repeats;
      this.staffing = staffing;
    } catch (err) {
      await this.#fail(err);
    } finally {
      this.busy = false;
    }
  }

  /** Only the repeats depend on the window. */
  async setWindow(hours: number): Promise<void> {
    this.windowHours = hours;
    try {
      this.repeats = await this.#app.hub.reportRepeats({ from: this.from, to: this.to, windowHours: hours });
    } catch (err) {
      await this.#fail(err);
    }
  }

  async #fail(err: unknown): Promise<void> {
    if (isSignedOut(err)) await this.#app.toLogin();
    else this.notice = noticeFor(err);
  }

  /** The API's CSV export of one table over the shown range. */
  csvUrl(report: 'kpis' | 'repeats' | 'staffing', table: string): string {
    const q: Record<string, string | number | undefined> = { from: this.from, to: this.to };
    if (report === 'repeats') q.windowHours = this.windowHours;
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
