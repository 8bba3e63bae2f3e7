/** Firmware-bridge devices (hub/src/devices): card taps → tickets, print jobs, printer status, LED screens. */
import fp from 'fastify-plugin';
import { DeviceService } from '../devices';
import type { CallboardError } from '../protocol';
import { callerFor } from '../service/caller';
import { stopOnClose } from '../teardown';
import type { HubOptions } from './options';

declare module 'fastify' {
  interface FastifyInstance {
    devices: DeviceService;
  }
}

export const devicesPlugin = fp<HubOptions>(
  async (app, { config, now }) => {
    const { repos, auth } = app;
    const devices = await DeviceService.start({
      bus: app.bus,
      events: app.events,
      audit: app.audit,
      queue: app.queue,
      config,
      secret: app.secret,
      now,
      log: app.log,
      kindOf: (id) => auth.deviceKind(id),
      onLocalQr: (bridgeId) => app.alerts.raise('print_localhost', bridgeId, now()),
      listDevices: async () => (await repos.devices.all()).map((d) => ({ id: d._id, kind: d.kind, name: d.name })),
      staffMember: (id) => {
        const s = auth.listStaff().find((x) => x.id === id && !x.disabled);
        return s ? { kind: 'staff', id: s.id, role: s.role, skills: s.skills } : undefined;
      },
      screenLanguages: async (deviceId) => (await auth.deviceSettings(deviceId))?.languages,
    });
    // A kiosk's scanner reading the check-in QR on a remote visitor's phone confirms their arrival.
    devices.onScan((scan) => {
      app.queue.arrivedByScan(scan.code, callerFor({ kind: 'device', id: scan.deviceId })).then(
        (t) => t && devices.deliverCheckIn(scan.deviceId, scan.kioskId, { ticket: app.queue.views.issuedView(t) }),
        (err: CallboardError) => {
          app.log.warn({ device: scan.deviceId, code: err.code }, 'arrival check-in by QR refused');
          devices.deliverCheckIn(scan.deviceId, scan.kioskId, { error: err });
        },
      );
    });
    stopOnClose(app, 'devices', () => devices.close());
    app.decorate('devices', devices);
  },
  { name: 'devices', dependencies: ['store', 'accounts', 'broker', 'events', 'queue'] },
);
