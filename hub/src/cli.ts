/**
 * `callboard` command: start | check-config | backup | restore | archive | create-admin | migrate |
 * health | version (and, in the installed package, rollback).
 * Each command says what it did, and every failure says what to do about it.
 */
import path from 'node:path';
import { ConfigError, type HubConfig, loadConfig } from './config';
import { PASSWORD_MIN, USERNAME_PATTERN } from './protocol';
import { VERSION } from './version';

const HELP: Record<string, string> = {
  '': `callboard ${VERSION} — Callboard queue hub

Usage: callboard <command> [options]      (callboard <command> --help for details)

Commands:
  start             start the hub (HTTP, MQTT broker, store)
  central           start a head-office console (the config's "central" section): every site live
  check-config      validate the configuration and explain every mistake
  backup <file>     write a consistent snapshot of every store (safe while the hub runs)
  restore <file>    verify a backup, then restore it into the (empty) data dir
  archive           move finished business days out of the hot store (hub must be stopped)
  create-admin      create an admin account (hub must be stopped)
  migrate           bring the data dir to this release's schema, after a backup (hub stopped)
  health            ask the running hub whether it is up (exit 0 when healthy)
  rollback          installed package only: return to the release before the last upgrade
  version           print the version

Common options:
  --config FILE     configuration file (.json or .yaml); default: $CALLBOARD_CONFIG,
                    else ./callboard.config.json
Environment overrides: PORT, HOST, MQTT_PORT, MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD,
  DATA_DIR, SITE_ID, PUBLIC_URL, CALLBOARD_SECRET, TZ_SITE, LOG_LEVEL, LOG_FORMAT=json
`,
  start: 'callboard start [--config FILE]\n  Starts the hub. SIGTERM/SIGINT stop it gracefully.\n',
  central:
    'callboard central [--config FILE]\n  Starts the head-office console: the same program with the config\'s "central" section (the central\n  broker every site bridges to). Supervisors and admins of this instance see every site at /staff/central.\n  See docs/operations.md, "Many sites".\n',
  'check-config':
    'callboard check-config [--config FILE]\n  Validates the file; lists every mistake with its place. Exit code 2 when invalid.\n',
  backup:
    'callboard backup <file> [--config FILE]\n  Snapshot of the data dir (tickets, archive, staff, devices, audit; on a central console its\n  sites and their days) into <file> (mode 600). The identity\n  key (secret.key) is never in a backup: keep a copy of it apart from the backups.\n',
  restore:
    'callboard restore <file> [--config FILE] [--force]\n  Verifies <file> (checksums, schema version) and restores it into the data dir, which must be\n  empty unless --force. A backup from a newer release is refused.\n',
  archive:
    'callboard archive [--config FILE]\n  Moves tickets of past business days to DATA_DIR/archive/YYYY-MM-DD.db with a daily summary.\n',
  'create-admin':
    'callboard create-admin --username NAME --name "Full Name" [--config FILE]\n  Password from $CALLBOARD_ADMIN_PASSWORD (at least 8 characters).\n',
  migrate:
    'callboard migrate [--config FILE]\n  Runs the store migrations the hub would run at start (after a backup to DATA_DIR/backups).\n  The package runs it on every upgrade; the hub must be stopped.\n',
  health:
    'callboard health [--wait SECONDS] [--config FILE]\n  GET /api/v1/health of the hub on this machine; with --wait, retries until healthy or the time is up.\n',
  rollback:
    'callboard rollback     (installed package, as root)\n  Stops the hub, restores the backup taken before the last upgrade, switches back to the previous\n  release and starts it again. See docs/operations.md, "Rollback".\n',
  version: 'callboard version\n',
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function configPath(args: string[]): string {
  return path.resolve(option(args, '--config') ?? process.env.CALLBOARD_CONFIG ?? 'callboard.config.json');
}

const positional = (args: string[]) => args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

async function withStore<T>(config: HubConfig, run: (store: import('./store').Store) => Promise<T>): Promise<T> {
  const { lockDataDir, Store } = await import('./store');
  const unlock = lockDataDir(config.dataDir);
  const store = await Store.open(config.dataDir);
  try {
    return await run(store);
  } finally {
    await store.close();
    unlock();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command = '', ...args] = argv;
  if (command === '' || command === '--help' || command === '-h' || args.includes('--help')) {
    process.stdout.write(HELP[command.startsWith('-') ? '' : command] ?? HELP[''] ?? '');
    return command === '' ? 1 : 0;
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
        // Valid, but phones could not open the tickets' QR codes: said loudly, not an error.
        const { publicUrlWarning } = await import('./security/public-url');
        const warning = publicUrlWarning(config.site.publicUrl, config.server.port);
        if (warning) process.stderr.write(`WARNING: ${warning}\n`);
        return 0;
      }
      case 'start':
        // Loaded only to start: the other commands stay quick.
        await (await import('./server')).runServer(configPath(args));
        return -1; // keep running
      case 'central': {
        if (!loadConfig(configPath(args)).central)
          throw new UsageError(
            `${configPath(args)} has no "central" section: give the central broker's url (and credentials), see docs/operations.md "Many sites"`,
          );
        await (await import('./server')).runServer(configPath(args));
        return -1;
      }
      case 'backup': {
        const [file] = positional(args);
        if (!file) throw new UsageError('backup needs a target file: callboard backup <file>');
        const config = loadConfig(configPath(args));
        const { createBackup } = await import('./store');
        const b = await createBackup(config.dataDir, path.resolve(file), VERSION, Date.now());
        const bytes = b.files.reduce((n, f) => n + f.bytes, 0);
        process.stdout.write(
          `backup written to ${path.resolve(file)}: ${b.files.length} files, ${bytes} bytes, schema ${b.schemaVersion}\n`,
        );
        return 0;
      }
      case 'restore': {
        const [file] = positional(args);
        if (!file) throw new UsageError('restore needs a backup file: callboard restore <file>');
        const config = loadConfig(configPath(args));
        const { holderOf, restoreBackup, SCHEMA_VERSION } = await import('./store');
        const holder = holderOf(config.dataDir);
        if (holder !== null)
          throw new UsageError(`a hub (pid ${holder}) is running on ${config.dataDir}: stop it before restoring`);
        const b = await restoreBackup(path.resolve(file), config.dataDir, SCHEMA_VERSION, args.includes('--force'));
        process.stdout.write(
          `restored ${b.files.length} files from ${new Date(b.createdAt).toISOString()} (Callboard ${b.appVersion}, schema ${b.schemaVersion}) into ${config.dataDir}\n`,
        );
        if (!config.secret && (b.keyState === 'missing' || b.keyState === 'different'))
          process.stderr.write(
            `WARNING: ${b.keyState === 'missing' ? 'no identity key' : 'a different identity key'} at ${path.join(config.dataDir, 'secret.key')}: ` +
              'backups do not carry it. Copy the site key you keep apart from backups there (or set CALLBOARD_SECRET) before starting, ' +
              'or visitors identified before the backup will not be recognised again.\n',
          );
        return 0;
      }
      case 'archive': {
        const config = loadConfig(configPath(args));
        const { archivePastDays } = await import('./store');
        const { reportDaySummariser } = await import('./analytics/history/day-close');
        const { oldestBusinessDate } = await import('./time');
        const days = await withStore(config, (store) =>
          archivePastDays(
            config.dataDir,
            store.tickets,
            oldestBusinessDate(Date.now(), config.site.timezone, config.site.dayStartsAt, config.services),
            Date.now(),
            reportDaySummariser(config.dataDir),
          ),
        );
        process.stdout.write(days.length ? `archived ${days.length} day(s): ${days.join(', ')}\n` : 'nothing to archive\n');
        return 0;
      }
      case 'create-admin': {
        const username = option(args, '--username');
        const name = option(args, '--name') ?? username;
        const password = process.env.CALLBOARD_ADMIN_PASSWORD;
        if (!username || !new RegExp(USERNAME_PATTERN).test(username))
          throw new UsageError('--username is required: 2–32 characters of a–z, 0–9, _ . -');
        if (!password || password.length < PASSWORD_MIN)
          throw new UsageError(`set CALLBOARD_ADMIN_PASSWORD (at least ${PASSWORD_MIN} characters)`);
        const config = loadConfig(configPath(args));
        const { AuthService } = await import('./service/auth-service');
        const { repositoriesOf } = await import('./store');
        await withStore(config, async (store) => {
          const repos = repositoriesOf(store);
          if (await repos.staff.byUsername(username)) throw new UsageError(`user "${username}" already exists`);
          await new AuthService(repos, Date.now).createStaff({ username, name: name ?? username, role: 'admin', password });
          await store.appendAudit({
            at: Date.now(),
            actor: { type: 'system', id: 'cli' },
            action: 'staff.create',
            target: username,
          });
        });
        process.stdout.write(`admin "${username}" created\n`);
        return 0;
      }
      case 'migrate': {
        const { migrateDataDir } = await import('./upgrade');
        for (const line of await migrateDataDir(loadConfig(configPath(args)), VERSION)) process.stdout.write(`${line}\n`);
        return 0;
      }
      case 'health': {
        const { healthCheck } = await import('./upgrade');
        const wait = Number(option(args, '--wait') ?? 0);
        return await healthCheck(loadConfig(configPath(args)), wait, (line) => process.stdout.write(`${line}\n`));
      }
      case 'rollback':
        // The installed package's `callboard` runs its own rollback (deploy/package/release.sh).
        throw new UsageError('rollback applies to an installed Callboard package: run it as root with the installed `callboard`');
      default:
        process.stderr.write(`unknown command "${command}"\n\n${HELP[''] ?? ''}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (['BackupError', 'NewerStoreError', 'DataDirLockedError', 'UpgradeError'].includes(e.name)) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`cannot start: ${e.message} — another hub or program is using that port (set PORT / MQTT_PORT)\n`);
      return 1;
    }
    process.stderr.write(`failed: ${e.stack ?? e.message}\n`);
    return 1;
  }
}

class UsageError extends Error {}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
