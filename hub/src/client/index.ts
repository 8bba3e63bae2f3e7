export * from '../protocol';
export * from './i18n';
export { defaultWsUrl, LiveClient, type LiveEvent, type LiveOptions } from './live';
export { ApiError, HubClient, type HubClientOptions } from './rest';
