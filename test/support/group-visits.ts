/**
 * What the head-office tests of a group do at a site (`CentralNetwork`): serve a person identified
 * by an ID card (kiosk issue, clerk1 at counter 1 calls, starts and finishes), and close the day as
 * the schedule does it (the day's row, with its group visits, stored and queued for head office).
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { HubClient, type Ticket } from '@callboard/hub/client';
import { summariseDay } from '../../hub/src/analytics/day-summary';
import { CentralNetwork } from './central-network';

/** The demo site's kiosk token (every hub of a CentralNetwork runs the demo set-up). */
const KIOSK = 'demo-kiosk-1-token-0001';

/** One visit of the person holding `idNumber` at `siteId`, served to the end; the stored ticket. */
export async function servedVisit(net: CentralNetwork, siteId: string, idNumber: string): Promise<Ticket> {
  const { baseUrl } = net.site(siteId).hub;
  const kiosk = new HubClient({ baseUrl, deviceToken: KIOSK });
  const clerk = new HubClient({ baseUrl });
  await clerk.login('clerk1', 'callboard-demo');
  const issued = await kiosk.issueTicket({ serviceId: 'A', identity: { kind: 'id-card', value: idNumber } });
  const called = await clerk.callNext('1');
  if (called.id !== issued.id) throw new Error(`counter 1 called ${called.number}, not the visit just issued (${issued.number})`);
  await clerk.start(issued.id);
  await clerk.finish(issued.id);
  const [doc] = (await net.site(siteId).hub.app.store.tickets.findAsync({ _id: issued.id })) as unknown as Ticket[];
  return doc as Ticket;
}

/** Closes `siteId`'s business day now: its row in daily_stats.db, then queued for head office. */
export async function closeToday(net: CentralNetwork, siteId: string): Promise<string> {
  const { hub } = net.site(siteId);
  const date = hub.app.queue.businessDate;
  const tickets = (await hub.app.store.tickets.findAsync({ businessDate: date })) as unknown as Ticket[];
  appendFileSync(path.join(hub.config.dataDir, 'daily_stats.db'), `${JSON.stringify(summariseDay(date, tickets, Date.now()))}\n`);
  await hub.app.publishLatestDaily();
  return date;
}

/**
 * Two halls of one group (`uplink.groupKey`, each hall its own identity key) bridged to a head
 * office, and head office's supervisor signed in.
 */
export async function startGroupOfTwoHalls(groupKey: string): Promise<{ net: CentralNetwork; office: HubClient }> {
  const net = await CentralNetwork.start({
    sites: ['hall-north', 'hall-south'],
    siteHub: (id) => ({
      env: { CALLBOARD_SECRET: `${id}-own-identity-key-000` },
      patch: (raw) => {
        (raw.uplink as { groupKey?: string }).groupKey = groupKey;
      },
    }),
  });
  const office = new HubClient({ baseUrl: net.central?.baseUrl as string });
  await office.login('supervisor', 'callboard-demo');
  return { net, office };
}
