/** The central console's calls (`callboard central`), as functions on a HubClient. */
import type { CentralSiteDetail, CentralSitesReply } from '../protocol';
import type { HubClient } from './rest';

export const centralSites = (hub: HubClient) => hub.request<CentralSitesReply>('GET', '/central/sites');

export const centralSite = (hub: HubClient, siteId: string) =>
  hub.request<CentralSiteDetail>('GET', `/central/sites/${encodeURIComponent(siteId)}`);
