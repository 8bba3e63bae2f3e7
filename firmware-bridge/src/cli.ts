/**
 * `callboard-bridge` command.
 *   callboard-bridge [start] --config FILE [--emulate]   run the bridge (with emulated peripherals)
 *   callboard-bridge check-config --config FILE          validate the file and explain every mistake
 */
import path from 'node:path';
import { BRIDGE_VERSION, Bridge } from './bridge';
import { BridgeConfigError, loadBridgeConfig } from './config';
import { chooseEmulateTransport, type Emulation, INPROC_NOTICE, startEmulation } from './emulate';
import { startStdinControl } from './emulators/control';
import { createLogger } from './log';

const HELP = `callboard-bridge ${BRIDGE_VERSION}

Usage: callboard-bridge [start|check-config] --config FILE [--emulate[=pty|inproc]] [--no-stdin]

  start          connect the serial peripherals to the hub (default)
  check-config   validate the configuration file
  --emulate      run emulated peripherals (no hardware) on socat pty pairs, or over
                 in-process links when socat is not installed;
                 control them over HTTP (emulate.controlPort) or by typing
                 "place card zhang-san", "paper end", "scan …" on stdin
  --emulate=pty     always socat pty pairs (fails without socat)
  --emulate=inproc  always in-process links (no socat needed)
Environment: CALLBOARD_BRIDGE_CONFIG, CALLBOARD_BRIDGE_TOKEN, HUB_URL, MQTT_URL, LOG_LEVEL, LOG_FORMAT=json
`;

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = args[0] && !args[0].startsWith('-') ? (args.shift() as string) : 'start';
  const i = args.indexOf('--config');
  const file = path.resolve((i >= 0 ? args[i + 1] : undefined) ?? process.env.CALLBOARD_BRIDGE_CONFIG ?? 'bridge.config.json');
  const log = createLogger('bridge');
  try {
    const config = loadBridgeConfig(file);
    if (command === 'check-config') {
      process.stdout.write(`${file}: OK — device ${config.deviceId}, ${config.peripherals.length} peripherals\n`);
      return 0;
    }
    if (command !== 'start') {
      process.stderr.write(`unknown command "${command}"\n\n${HELP}`);
      return 2;
    }
    let emulation: Emulation | null = null;
    let run = config;
    const emulateArg = args.find((a) => a === '--emulate' || a.startsWith('--emulate='));
    let binding: Emulation['binding'];
    if (emulateArg) {
      const socat = process.env.SOCAT ?? 'socat';
      let transport: ReturnType<typeof chooseEmulateTransport>;
      try {
        transport = chooseEmulateTransport(emulateArg === '--emulate' ? undefined : emulateArg.slice('--emulate='.length), socat);
      } catch (err) {
        process.stderr.write(`${(err as Error).message}\n\n${HELP}`);
        return 2;
      }
      process.stdout.write(
        transport === 'inproc' ? `${INPROC_NOTICE}\n` : `emulated devices over socat pty pairs under ${config.emulate.dir}\n`,
      );
      emulation = await startEmulation(config, log, { transport, socat });
      run = emulation.config;
      binding = emulation.binding;
      if (!args.includes('--no-stdin')) startStdinControl(emulation.emulators, (line) => process.stdout.write(`${line}\n`));
    }
    const bridge = await Bridge.start(run, { log, ...(binding ? { binding } : {}) });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { signal });
      setTimeout(() => process.exit(1), 5000).unref();
      await bridge.stop();
      await emulation?.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
    return -1;
  } catch (err) {
    if (err instanceof BridgeConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78; // EX_CONFIG
    }
    process.stderr.write(`callboard-bridge: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
