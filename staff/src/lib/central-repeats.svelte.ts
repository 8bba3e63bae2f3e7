import { type CentralRepeatReport, centralRepeats, centralRepeatsCsvUrl } from '@callboard/hub/client';
import { isSignedOut, type Notice, noticeFor } from './errors';
import type { StaffApp } from './staff.svelte';

/**
 * Head office's repeat visits across sites (the sites of a group, from their group pseudonyms):
 * for the range and site of the cross-site reports page, with its own window. Each table's CSV is
 * the central API's.
 */
export class CentralRepeats {
  windowHours = $state(72);
  report = $state.raw<CentralRepeatReport | null>(null);
  notice = $state.raw<Notice | null>(null);
  #q: { from: string; to: string; site: string } = { from: '', to: '', site: '' };

  constructor(private readonly app: StaffApp) {}

  #query() {
    return {
      from: this.#q.from,
      to: this.#q.to,
      windowHours: this.windowHours,
      ...(this.#q.site ? { site: this.#q.site } : {}),
    };
  }

  async load(q: { from: string; to: string; site: string }): Promise<void> {
    if (!q.from || !q.to) return;
    this.#q = { ...q };
    try {
      this.report = await centralRepeats(this.app.hub, this.#query());
      this.notice = null;
    } catch (err) {
      if (isSignedOut(err)) await this.app.toLogin();
      else this.notice = noticeFor(err);
    }
  }

  async setWindow(hours: number): Promise<void> {
    this.windowHours = hours;
    await this.load(this.#q);
  }

  csvUrl(table: string): string {
    return centralRepeatsCsvUrl({ ...this.#query(), table });
  }
}
