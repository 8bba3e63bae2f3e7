export * from '../protocol';
export { bookingArrived, bookingPage, cancelBooking } from './booking';
export { centralKpis, centralKpisCsvUrl, centralRepeats, centralRepeatsCsvUrl, centralSite, centralSites } from './central';
export { outOfOrderCsvUrl, reportOutOfOrder } from './fairness';
export * from './i18n';
export {
  defaultWsUrl,
  LiveClient,
  type LiveEvent,
  type LiveOptions,
  type LiveSubscription,
  type LiveWill,
  type OpenLiveOptions,
  openLive,
} from './live';
export { requeueMissed } from './missed';
export {
  type CredentialStore,
  clearCredentialsAt,
  credentialsFor,
  type DeviceCredentials,
  isCredentials,
  loadCredentialsAt,
  PairingFlow,
  type PairingFlowOptions,
  type PairingPhase,
  type PairingState,
  saveCredentialsAt,
  tokenFromFragment,
} from './pairing';
export {
  bookCallback,
  callbackNoAnswer,
  dialCallback,
  ivrCancel,
  ivrJoin,
  ivrStatus,
  reportPhone,
  screenPops,
  setExtension,
} from './phone';
export {
  ApiError,
  HubClient,
  type HubClientOptions,
  type IssueOptions,
  type PairingPoll,
  type PairingRequestView,
  type PairingStart,
} from './rest';
export { callIn, callToDoor } from './rooms';
export { changeRoute, finishStop } from './route';
export { centralTemplates, revertTemplateField, saveCentralTemplate, siteTemplate } from './templates';
