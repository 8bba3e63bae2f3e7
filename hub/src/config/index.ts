export {
  ConfigError,
  type EnvOverrides,
  type HubConfig,
  type IssuingSettings,
  loadConfig,
  type RetentionConfig,
  readConfigFile,
  resolveConfig,
} from './load';
export { NotificationsConfig } from './notifications';
export { PhoneConfig, phoneSettings } from './phone';
export { ConfigFile } from './schema';
export type { VisitorSettings } from './visitors';
