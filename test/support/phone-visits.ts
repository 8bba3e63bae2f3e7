/**
 * The caller's history the phone tests start from: two visits of one person at counter 1 today,
 * by a phone identity (the same keyed HMAC a call from that number gets), one resolved and one
 * needing follow-up. The supervisor opens the counter for them and closes it again.
 */
import type { HubClient } from '@callboard/hub/client';

export async function twoEarlierVisits(supervisor: HubClient, phone: string): Promise<void> {
  await supervisor.openCounter('1');
  for (const outcome of ['resolved', 'follow_up']) {
    const t = await supervisor.issueTicket({ serviceId: 'A', identity: { kind: 'phone', value: phone } });
    await supervisor.callNext('1');
    await supervisor.start(t.id);
    await supervisor.finish(t.id, { outcome });
  }
  await supervisor.closeCounter('1');
}
