/** The MQTT side of the hub: the embedded broker (devices authenticated by their tokens), or an external one. */
import type { FastifyBaseLogger } from 'fastify';
import { type Bus, EmbeddedBroker, type EmbeddedBrokerOptions, ExternalBroker } from '../broker';
import type { HubConfig } from '../config';
import type { TlsMaterial } from '../security';
import type { AuthService } from '../service/auth-service';

export async function startBroker(
  config: HubConfig,
  auth: AuthService,
  tls: TlsMaterial | null,
  log: FastifyBaseLogger,
  /** Caps, client-id binding and login backoff of the embedded broker (broker/hardening.ts). */
  hardening: Partial<EmbeddedBrokerOptions> = {},
): Promise<{ bus: Bus; embedded: EmbeddedBroker | null }> {
  let bus: Bus;
  let embedded: EmbeddedBroker | null = null;
  if (config.mqtt.url) {
    bus = await ExternalBroker.connect(
      config.mqtt.url,
      `callboard-hub-${config.site.id}`,
      config.mqtt.username,
      config.mqtt.password,
    );
  } else {
    embedded = await EmbeddedBroker.start({
      siteId: config.site.id,
      port: config.mqtt.port,
      host: config.server.host,
      allowAnonymousDisplays: config.mqtt.allowAnonymousDisplays,
      authenticateDevice: async (deviceId, token) => {
        const device = auth.deviceForToken(token);
        return device && device.id === deviceId ? { kind: 'device', deviceId: device.id, deviceKind: device.kind } : null;
      },
      log,
      ...(tls && config.tls ? { tls: { key: tls.key, cert: tls.cert, port: config.tls.mqttPort } } : {}),
      ...hardening,
    });
    // Revoking a device, or giving it a new token, ends its live sessions.
    const broker = embedded;
    auth.onDeviceKeyChanged((deviceId) => broker.disconnectDevice(deviceId));
    bus = embedded;
  }
  return { bus, embedded };
}
