import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// Three projects: `unit` (pure modules, fast, no ports), `integration` (real hub processes,
// real HTTP, real MQTT over TCP and WebSocket, real Chromium where present), and
// `integration-mosquitto`: the integration files that do not depend on which broker runs, again,
// with every hub on an external Debian Mosquitto configured from docs/mosquitto (MQTT_URL mode).
const MOSQUITTO_FILES = [
  'admin-setup',
  'admin',
  'appointments',
  'bridge',
  'counter-skills',
  'device-settings',
  'mqtt-live',
  'notices-persist',
  'policy',
  'reports',
  'tickets-api',
].map((f) => `test/integration/${f}.test.ts`);
// Only there: files that build a network of Mosquitto brokers from docs/mosquitto (sites bridged to head office).
const MOSQUITTO_ONLY = [
  'central',
  'central-reports',
  'central-repeats',
  'central-erasure',
  'central-backup',
  'central-templates',
].map((f) => `test/integration/${f}.test.ts`);
// Not in it: files that start their own broker or none (external-broker, security, chaos-short,
// tls-and-uplink, crash-restart, operations, cli-and-limits, fuzz-routes), and pairing: a newly
// paired device is unknown to Mosquitto's password file until the site adds it (docs/mosquitto).
const hasMosquitto = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].some((b) => existsSync(b));
if (!hasMosquitto && !process.env.CI)
  process.stderr.write(
    'integration-mosquitto SKIPPED: mosquitto is not installed (apt-get install mosquitto); the integration tests run on the embedded broker only\n',
  );

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'hub/src/**/*.test.ts',
            'firmware-bridge/src/**/*.test.ts',
            'kiosk/src/**/*.test.ts',
            'display/src/**/*.test.ts',
            'staff/src/**/*.test.ts',
          ],
          environment: 'node',
          // fast-check properties run with a fixed seed (hub/src/testing/property.ts).
          setupFiles: ['hub/src/testing/property-setup.ts'],
          // Unit tests run first, on their own; then the integration files.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...MOSQUITTO_ONLY],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own hub on its own ports; keep parallelism modest on 2 cores.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      // In CI a missing mosquitto fails these (test/support/hub.ts says so); elsewhere they are skipped, with the line above.
      ...(hasMosquitto || process.env.CI
        ? [
            {
              test: {
                name: 'integration-mosquitto',
                include: [...MOSQUITTO_FILES, ...MOSQUITTO_ONLY],
                environment: 'node',
                env: { CALLBOARD_TEST_BROKER: 'mosquitto' },
                testTimeout: 60_000,
                hookTimeout: 60_000,
                maxWorkers: 2,
                sequence: { groupOrder: 2 },
              },
            },
          ]
        : []),
    ],
  },
});
