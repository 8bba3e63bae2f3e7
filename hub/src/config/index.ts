export {
  ConfigError,
  type EnvOverrides,
  type HubConfig,
  type IssuingSettings,
  loadConfig,
  readConfigFile,
  resolveConfig,
} from './load';
export { NotificationsConfig } from './notifications';
export { ConfigFile } from './schema';
