export * from './acl';
export type { Bus, BusHandler, PublishOptions } from './bus';
export { EmbeddedBroker, type EmbeddedBrokerOptions } from './embedded';
export { ExternalBroker, topicMatches } from './external';
