/**
 * Child process holding a fleet of screens (see screens.ts), so that their message handling
 * does not run on the event loop of the process that times requests: on a site the screens
 * are other machines. Reports every copy of a `calls` message over IPC, batched, with a
 * wall-clock arrival time (performance.timeOrigin + now(): comparable across processes).
 *
 * argv: <url> <count> <topic,topic,…> <mqttjs|lean>
 */
import { serveLag } from './fleet-child';
import { Screens } from './screens';

const [url, count, topicList, client] = process.argv.slice(2) as [string, string, string, string | undefined];
const topicsToRead = topicList.split(',');
const callsTopic = topicsToRead.find((t) => t.endsWith('/calls'));
let batch: [number, string, string, number][] = [];
const flush = () => {
  if (batch.length > 0 && process.connected) process.send?.({ kind: 'arrivals', arrivals: batch });
  batch = [];
};
setInterval(flush, 20).unref();

const screens = await Screens.connect(url, Number(count), topicsToRead, { lean: client === 'lean' });
screens.onMessage((screen, topic, payload, at) => {
  if (topic !== callsTopic) return;
  const call = JSON.parse(payload.toString()) as { number: string; counterId: string };
  batch.push([screen, call.number, call.counterId, performance.timeOrigin + at]);
});
serveLag();
process.send?.({ kind: 'ready' });
process.on('message', (m: { kind: string }) => {
  if (m.kind === 'connected?') process.send?.({ kind: 'connected', count: screens.connectedCount() });
  if (m.kind === 'close') {
    flush();
    void screens.close().then(() => process.exit(0));
  }
});
