/**
 * Two waiting-room screens, one over TCP and one over WebSocket, reconnecting as the display
 * app does (MQTT.js, every second). They feed every call they hear to the ledger and say
 * when a board published by the *new* hub process reached them after a restart.
 */
import { LiveClient } from '@callboard/hub/client';
import type { Ledger } from './ledger';

class Screen {
  readonly client: LiveClient;
  private boards: { at: number; receivedAt: number }[] = [];

  constructor(
    readonly name: string,
    url: string,
    siteId: string,
    ledger: Ledger,
  ) {
    this.client = new LiveClient({ url, siteId, reconnectPeriodMs: 1000 });
    this.client.on((e) => {
      if (e.kind === 'board') this.boards.push({ at: e.board.at, receivedAt: Date.now() });
      if (e.kind === 'call') ledger.callHeard(e.call);
    });
    // Subscriptions are renewed by MQTT.js on every reconnect (clean session, resubscribe).
    this.client.mqtt.on('connect', () => void this.client.subscribe({ board: true, calls: true }).catch(() => {}));
  }

  /** Ms from `readyAt` until a board stamped at or after `since` arrived; null if none within `withinMs`. */
  async boardSince(since: number, readyAt: number, withinMs: number): Promise<number | null> {
    const deadline = readyAt + withinMs;
    for (;;) {
      const hit = this.boards.find((b) => b.at >= since);
      if (hit) return Math.max(0, hit.receivedAt - readyAt);
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  forgetBoards(): void {
    this.boards = [];
  }
}

export class ChaosScreens {
  readonly screens: Screen[];
  constructor(tcpUrl: string, wsUrl: string, siteId: string, ledger: Ledger) {
    this.screens = [new Screen('tcp', tcpUrl, siteId, ledger), new Screen('ws', wsUrl, siteId, ledger)];
  }

  forgetBoards(): void {
    for (const s of this.screens) s.forgetBoards();
  }

  /** [tcp, ws]: ms from ready to a fresh board, or null. */
  async recovery(since: number, readyAt: number, withinMs: number): Promise<[number | null, number | null]> {
    const [tcp, ws] = this.screens as [Screen, Screen];
    return Promise.all([tcp.boardSince(since, readyAt, withinMs), ws.boardSince(since, readyAt, withinMs)]);
  }

  async close(): Promise<void> {
    await Promise.all(this.screens.map((s) => s.client.close()));
  }
}
