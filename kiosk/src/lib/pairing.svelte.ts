/**
 * A new kiosk pairs itself (the flow is shared with the waiting-room board: `PairingFlow` in
 * `@callboard/hub/client`): it shows a pairing code until a supervisor approves it, then gets
 * its device id and token, once. This class mirrors the flow's state into Svelte state.
 */
import { type HubClient, PairingFlow, type PairingPhase } from '@callboard/hub/client';
import type { DeviceCredentials } from './credentials';

export type { PairingPhase } from '@callboard/hub/client';

export class Pairing {
  readonly #flow: PairingFlow;
  phase = $state<PairingPhase>('requesting');
  code = $state<string | null>(null);
  expiresAt = $state(0);
  /** The next attempt, while the hub cannot be reached (for a countdown). */
  retryAt = $state(0);

  constructor(hub: HubClient, name: string | null, onPaired: (creds: DeviceCredentials) => void) {
    this.#flow = new PairingFlow({
      hub,
      kind: 'kiosk',
      name,
      onPaired,
      onChange: (s) => {
        this.phase = s.phase;
        this.code = s.code;
        this.expiresAt = s.expiresAt;
        this.retryAt = s.retryAt;
      },
    });
  }

  start(): void {
    this.#flow.start();
  }

  stop(): void {
    this.#flow.stop();
  }

  /** After a refusal: a new code. */
  again(): void {
    this.#flow.again();
  }
}
