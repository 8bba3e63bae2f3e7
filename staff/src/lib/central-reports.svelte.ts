import { type CentralKpiReport, centralKpis, centralKpisCsvUrl } from '@callboard/hub/client';
import { isSignedOut, noticeFor } from './errors';
import { addDays, DEFAULT_DAYS, Reports } from './reports.svelte';
import type { StaffApp } from './staff.svelte';

/**
 * Head office's cross-site reports: the KPI report of the Reports page (its tables and charts,
 * `$lib/reports/KpiSections.svelte`), filled from the closed days every site sent up, for every
 * site or one; plus one row per site. Each table's CSV is the central API's.
 */
export class CentralReports extends Reports {
  readonly #central: StaffApp;
  /** '' = every site. */
  site = $state('');
  report = $state.raw<CentralKpiReport | null>(null);

  constructor(app: StaffApp) {
    super(app);
    this.#central = app;
  }

  override async init(): Promise<void> {
    try {
      const r = await centralKpis(this.#central.hub);
      this.to = r.to;
      this.from = addDays(r.to, -(DEFAULT_DAYS - 1));
      await this.load();
    } catch (err) {
      await this.#failed(err);
    }
  }

  override async load(): Promise<void> {
    if (!this.from || !this.to) return;
    this.busy = true;
    this.notice = null;
    try {
      const r = await centralKpis(this.#central.hub, { from: this.from, to: this.to, ...(this.site ? { site: this.site } : {}) });
      this.report = r;
      this.kpis = r;
    } catch (err) {
      await this.#failed(err);
    } finally {
      this.busy = false;
    }
  }

  override csvUrl(_report: string, table: string): string {
    return centralKpisCsvUrl({ from: this.from, to: this.to, table, ...(this.site ? { site: this.site } : {}) });
  }

  async #failed(err: unknown): Promise<void> {
    if (isSignedOut(err)) await this.#central.toLogin();
    else this.notice = noticeFor(err);
  }
}
