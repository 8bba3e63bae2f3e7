/** The out-of-order report of the Reports page, loaded for the page's range after each load. */
import { type HubClient, type OutOfOrderReport, outOfOrderCsvUrl, reportOutOfOrder } from '@callboard/hub/client';

export class OutOfOrder {
  readonly #hub: HubClient;
  report = $state.raw<OutOfOrderReport | null>(null);
  failed = $state(false);

  constructor(hub: HubClient) {
    this.#hub = hub;
  }

  async load(from: string, to: string): Promise<void> {
    if (!from || !to) return;
    try {
      this.report = await reportOutOfOrder(this.#hub, { from, to });
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  csvUrl(table: 'byClerk' | 'calls'): string {
    return outOfOrderCsvUrl(this.#hub, table, this.report ? { from: this.report.from, to: this.report.to } : {});
  }
}
