/**
 * `callboard` command: start | check-config | version. More commands (backup, restore,
 * archive, create-admin) arrive with the operations issue.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { VERSION } from './version';

const HELP = `callboard ${VERSION}

Usage: callboard <command> [--config FILE]

Commands:
  start          start the hub (HTTP, MQTT broker, store)
  check-config   validate the configuration and explain every mistake
  version        print the version

Options:
  --config FILE  configuration file (.json or .yaml); default: $CALLBOARD_CONFIG,
                 else ./callboard.config.json
Environment overrides: PORT, HOST, MQTT_PORT, MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD,
  DATA_DIR, SITE_ID, PUBLIC_URL, CALLBOARD_SECRET, TZ_SITE, LOG_LEVEL, LOG_FORMAT=json
`;

function configPath(args: string[]): string {
  const i = args.indexOf('--config');
  const file = i >= 0 ? args[i + 1] : process.env.CALLBOARD_CONFIG;
  return path.resolve(file ?? 'callboard.config.json');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || args.includes('--help')) {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  try {
    switch (command) {
      case 'version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'check-config': {
        const config = loadConfig(configPath(args));
        process.stdout.write(
          `${config.source}: OK — site ${config.site.id}, ${config.services.length} services, ${config.counters.length} counters\n`,
        );
        return 0;
      }
      case 'start':
        // Loaded only to start: check-config and version stay quick.
        await (await import('./server')).runServer(configPath(args));
        return -1; // keep running
      default:
        process.stderr.write(`unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78; // EX_CONFIG
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`cannot start: ${e.message} — another hub or program is using that port (set PORT / MQTT_PORT)\n`);
      return 1;
    }
    process.stderr.write(`cannot start: ${e.stack ?? e.message}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
