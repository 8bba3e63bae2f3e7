/**
 * Where the book's changes go: every `appointment.changed` event of the hub's event bus is
 * published on the site's appointment-events MQTT topic and, when configured, sent to the webhook.
 */
import type { Bus } from '../broker';
import type { HubConfig } from '../config';
import type { HubEvents } from '../events';
import { topics } from '../protocol';
import type { WebhookSender } from './webhook';

/** Subscribes the outputs; returns how to unsubscribe them. */
export function publishAppointmentEvents(
  deps: { config: HubConfig; bus: Bus; events: HubEvents; log: { warn(obj: object, msg?: string): void } },
  webhook: WebhookSender | undefined,
): (() => void)[] {
  const unsubscribe: (() => void)[] = [];
  const topic = topics.appointmentEvents(deps.config.site.id);
  unsubscribe.push(
    deps.events.on('appointment.changed', (event) => {
      deps.bus
        .publish(topic, event, { qos: 1, retain: false })
        .catch((err: Error) => deps.log.warn({ err: err.message, type: event.type }, 'appointment event not published'));
    }),
  );
  if (webhook) unsubscribe.push(deps.events.on('appointment.changed', (event) => webhook.send(event.type, event)));
  return unsubscribe;
}
