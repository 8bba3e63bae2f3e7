/** The central console's calls (`callboard central`), as functions on a HubClient. */
import type { CentralKpiReport, CentralRepeatReport, CentralSiteDetail, CentralSitesReply } from '../protocol';
import type { HubClient } from './rest';

export const centralSites = (hub: HubClient) => hub.request<CentralSitesReply>('GET', '/central/sites');

export const centralSite = (hub: HubClient, siteId: string) =>
  hub.request<CentralSiteDetail>('GET', `/central/sites/${encodeURIComponent(siteId)}`);

/** Cross-site KPIs (JSON) over the sites' uplinked days. */
export const centralKpis = (hub: HubClient, q: { from?: string; to?: string; site?: string } = {}) =>
  hub.request<CentralKpiReport>('GET', `/central/reports/kpis?${new URLSearchParams(q as Record<string, string>)}`);

/** Where one table of the cross-site KPIs downloads as CSV. */
export const centralKpisCsvUrl = (q: { from?: string; to?: string; site?: string; table: string }) =>
  `/api/v1/central/reports/kpis?${new URLSearchParams({ ...q, format: 'csv' } as Record<string, string>)}`;

/** Cross-site repeat visits (JSON) over the visits the sites of a group sent up. */
export const centralRepeats = (hub: HubClient, q: { from?: string; to?: string; site?: string; windowHours?: number } = {}) =>
  hub.request<CentralRepeatReport>(
    'GET',
    `/central/reports/repeats?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`,
  );

/** Where one table of the cross-site repeat visits downloads as CSV. */
export const centralRepeatsCsvUrl = (q: { from?: string; to?: string; site?: string; windowHours?: number; table: string }) =>
  `/api/v1/central/reports/repeats?${new URLSearchParams([...Object.entries(q).map(([k, v]) => [k, String(v)]), ['format', 'csv']])}`;
