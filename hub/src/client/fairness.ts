/** The fairness record for supervisors: calls out of the policy order per clerk (`GET /reports/out-of-order`). */
import { API_PREFIX, type OutOfOrderQuery, type OutOfOrderReport } from '../protocol';
import type { HubClient } from './rest';

function query(q: Record<string, string | number | undefined>): string {
  const entries = Object.entries(q).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}

export function reportOutOfOrder(hub: HubClient, q: Omit<OutOfOrderQuery, 'format' | 'table'> = {}): Promise<OutOfOrderReport> {
  return hub.request<OutOfOrderReport>('GET', `/reports/out-of-order${query(q)}`);
}

/** The URL of one of its tables (`byClerk`, `calls`) as CSV, for a download link. */
export function outOfOrderCsvUrl(hub: HubClient, table: 'byClerk' | 'calls', q: { from?: string; to?: string }): string {
  return `${hub.baseUrl}${API_PREFIX}/reports/out-of-order${query({ ...q, format: 'csv', table })}`;
}
