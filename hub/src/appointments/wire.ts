/** Connects the appointment book to the device service: card taps and scanned booking QR codes check in. */

import type { DeviceService } from '../devices/device-service';
import type { CallboardError } from '../protocol';
import { callerFor } from '../service/caller';
import type { AppointmentService } from './service';

export function attachToDevices(
  book: AppointmentService,
  devices: DeviceService,
  log: { warn(obj: object, msg?: string): void },
): void {
  devices.onCardCheckIn(
    async (tap) => (await book.checkInByIdentity(tap.identity, tap.input, tap.serviceId, tap.caller))?.ticket,
  );
  devices.onScan((scan) => {
    const ref = book.refFromScan(scan.code);
    if (!ref) return; // not a booking code: for another handler
    book.checkIn(ref, callerFor({ kind: 'device', id: scan.deviceId })).then(
      (r) => devices.deliverCheckIn(scan.deviceId, scan.kioskId, { ticket: r.ticket }),
      (err: CallboardError) => {
        log.warn({ device: scan.deviceId, code: err.code }, 'appointment check-in by QR refused');
        devices.deliverCheckIn(scan.deviceId, scan.kioskId, { error: err });
      },
    );
  });
}
