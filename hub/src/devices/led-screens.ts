/**
 * LED screens over the counters: when a counter changes (the hub's `counter.changed` event), each
 * LED screen bound to it is sent the counter's text in the languages its device is set to show.
 */
import type { LedCommand, ScreenLanguages } from '../protocol';
import type { QueueService } from '../service/queue-service';
import type { DeviceCommands } from './device-commands';
import { ledText } from './led-text';
import type { DeviceRegistry } from './registry';

export class LedScreens {
  /** Last text sent to each LED screen (`device/peripheral`), so an unchanged counter sends nothing. */
  private readonly ledShown = new Map<string, string>();
  /** LED updates in the order the counters changed (each looks up its screen's languages first). */
  private ledQueue: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      queue: QueueService;
      registry: DeviceRegistry;
      out: DeviceCommands;
      screenLanguages?: (deviceId: string) => Promise<ScreenLanguages | undefined>;
      log: { warn(obj: object, msg?: string): void };
      now: () => number;
    },
  ) {}

  onCounterChanged(counterId: string): void {
    if (!this.deps.queue.counters.has(counterId)) return; // removed by a new set-up
    const leds = this.deps.registry.ledsForCounter(counterId);
    if (leds.length === 0) return;
    const msg = this.deps.queue.views.counterMessage(counterId);
    this.ledQueue = this.ledQueue
      .then(async () => {
        for (const led of leds) {
          const text = ledText(msg, await this.deps.screenLanguages?.(led.deviceId));
          const key = `${led.deviceId}/${led.peripheral}`;
          if (this.ledShown.get(key) === text) continue;
          this.ledShown.set(key, text);
          const cmd: LedCommand = { v: 1, type: 'led', at: this.deps.now(), peripheral: led.peripheral, text };
          this.deps.out.send(led.deviceId, cmd);
        }
      })
      .catch((err: Error) => this.deps.log.warn({ counter: counterId, err: err.message }, 'LED text not sent'));
  }
}
