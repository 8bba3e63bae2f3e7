/** Config templates' calls: head office's templates and a site's applied one, as functions on a HubClient. */
import type { CentralTemplatesReply, ConfigTemplate, SiteTemplateState, TemplateContent } from '../protocol';
import type { HubClient } from './rest';

export const centralTemplates = (hub: HubClient) => hub.request<CentralTemplatesReply>('GET', '/central/templates');

export const saveCentralTemplate = (hub: HubClient, name: string, body: { content: TemplateContent; sites: string[] }) =>
  hub.request<ConfigTemplate>('PUT', `/central/templates/${encodeURIComponent(name)}`, body);

export const siteTemplate = (hub: HubClient) => hub.request<SiteTemplateState>('GET', '/admin/template');

export const revertTemplateField = (hub: HubClient, field: string) =>
  hub.request<SiteTemplateState>('POST', '/admin/template/revert', { field });
