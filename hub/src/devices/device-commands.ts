/** What the hub sends to a device: commands on its MQTT commands topic (QoS 1, not retained). */
import type { Bus } from '../broker';
import { type KioskMessage, topics } from '../protocol';

export class DeviceCommands {
  constructor(
    private readonly deps: { bus: Bus; log: { warn(obj: object, msg?: string): void } },
    private readonly siteId: string,
    private readonly now: () => number,
  ) {}

  send(deviceId: string, payload: object): void {
    this.deps.bus
      .publish(topics.deviceCommands(this.siteId, deviceId), payload, { qos: 1, retain: false })
      .catch((err: Error) => this.deps.log.warn({ device: deviceId, err: err.message }, 'device command not published'));
  }

  toKiosk(kioskId: string, msg: KioskMessage): void {
    this.send(kioskId, msg);
  }

  beep(deviceId: string, peripheral: string): void {
    this.send(deviceId, { v: 1, type: 'beep', at: this.now(), peripheral, pattern: 'error' });
  }
}
