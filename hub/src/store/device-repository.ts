/** Paired devices (devices.db): kind, name, the SHA-256 of their token and a screen's settings. */
import type { DeviceDoc, Store } from './store';

export type { DeviceDoc };

export class DeviceRepository {
  constructor(private readonly store: Store) {}

  all(): Promise<DeviceDoc[]> {
    return this.store.devices.findAsync({});
  }

  async get(id: string): Promise<DeviceDoc | undefined> {
    return (await this.store.devices.findOneAsync({ _id: id })) ?? undefined;
  }

  /** Writes the device's document whether or not it existed. */
  async put(doc: DeviceDoc): Promise<void> {
    await this.store.devices.updateAsync({ _id: doc._id }, doc, { upsert: true });
  }

  async remove(id: string): Promise<void> {
    await this.store.devices.removeAsync({ _id: id }, {});
  }
}
