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
export { ConfigFile } from './schema';
