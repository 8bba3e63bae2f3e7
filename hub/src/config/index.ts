export { ConfigError, type EnvOverrides, type HubConfig, loadConfig, readConfigFile, resolveConfig } from './load';
export { ConfigFile } from './schema';
