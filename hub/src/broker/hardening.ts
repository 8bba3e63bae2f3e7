/** The embedded broker's hardening options, from the hub's configuration and services. */
import type { HubConfig } from '../config';
import type { SecurityAlerts } from '../security/alerts';
import type { EmbeddedBrokerOptions } from './embedded';

export function brokerHardening(
  config: HubConfig,
  auth: { deviceIds(): Iterable<string> },
  alerts: SecurityAlerts,
  now: () => number,
): Pick<EmbeddedBrokerOptions, 'security' | 'deviceIds' | 'onAuthFailures' | 'now'> {
  return {
    security: config.security,
    deviceIds: () => auth.deviceIds(),
    // The subject is the address: a device id under attack shows in the log line.
    onAuthFailures: (f) => alerts.raise('mqtt_auth_failures', f.address, now()),
    now,
  };
}
