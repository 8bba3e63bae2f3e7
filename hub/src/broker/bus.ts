/**
 * The hub's view of MQTT: publish and subscribe, whether the broker is the embedded aedes or
 * an external one. Everything above this line is broker-agnostic.
 */
export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

export type BusHandler = (topic: string, payload: Buffer) => void;

export interface Bus {
  readonly mode: 'embedded' | 'external';
  readonly connected: boolean;
  publish(topic: string, payload: unknown, options: PublishOptions): Promise<void>;
  subscribe(filter: string, handler: BusHandler): Promise<void>;
  /** Called after the connection to the broker came back (external brokers only). */
  onReconnect?(handler: () => void): void;
  close(): Promise<void>;
}
