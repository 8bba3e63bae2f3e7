/** The hub's version, reported by /health, the CLI and backups. */
export const VERSION = '0.1.0';
