/**
 * What the tests on a network of Mosquitto brokers (central-network.ts) share: whether they can
 * run here (mosquitto and openssl installed; otherwise skipped, or failed in CI by toolOrSkip), and
 * a poll until the console sees what a site sent.
 */
import { mosquittoBin } from './central-network';
import { toolOrSkip } from './tools';

/** Mosquitto and openssl are here: the network can be built. */
export const centralNetworkReady =
  Boolean(mosquittoBin() ?? toolOrSkip('mosquitto', 'mosquitto', ['/usr/sbin/mosquitto'])) &&
  Boolean(toolOrSkip('openssl', 'openssl'));

/** Polls `get` every 100 ms until `ok` holds; after `ms` fails naming `what` and the last value. */
export async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await get();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
