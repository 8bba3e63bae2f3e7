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
export { ConfigFile } from './schema';
