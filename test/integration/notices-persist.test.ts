/**
 * Issue 7: supervisors' board notices are kept in the store (notices.db). After a hub restart the
 * retained board still carries them; removed and expired ones stay gone; adding and removing
 * stay audited.
 */
import { type BoardSnapshot, HubClient, LiveClient } from '@callboard/hub/client';
import { afterAll, expect, it } from 'vitest';
import { startTestHub, startTestHubAgain, type TestHub } from '../support/hub';

let hub: TestHub | undefined;
const open: LiveClient[] = [];
afterAll(async () => {
  for (const c of open) await c.close();
  await hub?.close();
});

/** The retained board as a screen connecting now gets it, once it satisfies `ok`. */
async function boardWhere(h: TestHub, ok: (b: BoardSnapshot) => boolean): Promise<BoardSnapshot> {
  const live = new LiveClient({ url: h.wsUrl, siteId: h.config.site.id, reconnectPeriodMs: 200 });
  open.push(live);
  const board = new Promise<BoardSnapshot>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the board')), 5000);
    live.on((e) => {
      if (e.kind !== 'board' || !ok(e.board)) return;
      clearTimeout(timer);
      resolve(e.board);
    });
  });
  await live.subscribe({ board: true });
  return board;
}

it('keeps notices across a restart, drops removed and expired ones', async () => {
  // The hub's clock can be moved forward across the restart (expiry is checked against it on start).
  let offset = 0;
  hub = await startTestHub({ now: () => Date.now() + offset });
  const supervisor = new HubClient({ baseUrl: hub.baseUrl });
  await supervisor.login('supervisor', 'callboard-demo');

  const kept = await supervisor.addNotice({ text: { zh: '今日下午四点停止取号', en: 'No new tickets after 4 pm today' } });
  const short = await supervisor.addNotice({ text: { zh: '系统维护', en: 'Maintenance' }, ttlMin: 5 });
  const removed = await supervisor.addNotice({ text: { zh: '临时通知', en: 'Temporary' } });
  await supervisor.removeNotice(removed.id);
  await boardWhere(hub, (b) => b.notices.length === 2);

  await hub.close();
  hub = await startTestHubAgain(hub);
  let board = await boardWhere(hub, (b) => b.notices.length > 0);
  expect(board.notices.map((n) => n.id)).toEqual([kept.id, short.id]);
  expect(board.notices[0]).toEqual({ id: kept.id, text: kept.text, at: kept.at });
  // The staff list agrees (the supervisor's session survived the restart too).
  expect(await supervisor.notices()).toEqual([kept, short]);

  // Restarted after the short notice expired: it is gone from the boards and from the store.
  await hub.close();
  offset = 10 * 60_000;
  hub = await startTestHubAgain(hub);
  board = await boardWhere(hub, (b) => b.notices.length > 0);
  expect(board.notices.map((n) => n.id)).toEqual([kept.id]);
  expect((await hub.store.notices.findAsync({})).map((d) => d._id)).toEqual([kept.id]);

  // Removing after a restart works, is audited, and stays removed.
  await supervisor.removeNotice(kept.id);
  expect(await supervisor.notices()).toEqual([]);
  await hub.close();
  hub = await startTestHubAgain(hub);
  await boardWhere(hub, (b) => b.notices.length === 0);
  const audit = await supervisor.audit({ action: 'notice.' });
  expect(audit.records.map((r) => [r.action, r.target])).toEqual(
    expect.arrayContaining([
      ['notice.add', kept.id],
      ['notice.add', short.id],
      ['notice.add', removed.id],
      ['notice.remove', removed.id],
      ['notice.remove', kept.id],
    ]),
  );
});
