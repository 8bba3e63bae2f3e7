import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure modules, fast, no ports) and `integration` (real hub processes,
// real HTTP, real MQTT over TCP and WebSocket, real Chromium where present).
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
          // Unit tests run first, on their own; then the integration files.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own hub on its own ports; keep parallelism modest on 2 cores.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
