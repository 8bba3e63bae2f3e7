import { describe, expect, it } from 'vitest';
import { AnnouncementQueue } from './queue';

interface Item {
  key: string;
}

/** A player whose announcements end when the test says so, recording what happened when. */
function manualPlayer() {
  const log: string[] = [];
  const finishers: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const play = (item: Item) =>
    new Promise<void>((resolve) => {
      active++;
      maxActive = Math.max(maxActive, active);
      log.push(`start ${item.key}`);
      finishers.push(() => {
        active--;
        log.push(`end ${item.key}`);
        resolve();
      });
    });
  /** Ends the announcement being played and lets the queue move on. */
  const finish = async () => {
    const f = finishers.shift();
    if (!f) throw new Error('nothing is playing');
    f();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { play, finish, log, maxActive: () => maxActive };
}

describe('AnnouncementQueue', () => {
  it('speaks three calls that arrive during an announcement after it, in order, none cut off', async () => {
    const p = manualPlayer();
    const q = new AnnouncementQueue<Item>({ play: p.play });
    q.push({ key: 'A001' });
    expect(q.playing?.key).toBe('A001');
    q.push({ key: 'A002' });
    q.push({ key: 'B001' });
    q.push({ key: 'A003' });
    // Still the first one: the newcomers wait.
    expect(p.log).toEqual(['start A001']);
    expect(q.pending.map((i) => i.key)).toEqual(['A002', 'B001', 'A003']);
    for (let i = 0; i < 4; i++) await p.finish();
    await q.idle();
    expect(p.log).toEqual([
      'start A001',
      'end A001',
      'start A002',
      'end A002',
      'start B001',
      'end B001',
      'start A003',
      'end A003',
    ]);
    expect(p.maxActive()).toBe(1);
  });

  it('speaks a redelivered call once and a recall (new key) again', async () => {
    const p = manualPlayer();
    const q = new AnnouncementQueue<Item>({ play: p.play });
    expect(q.push({ key: 't1:0' })).toBe(true);
    expect(q.push({ key: 't1:0' })).toBe(false);
    await p.finish();
    expect(q.push({ key: 't1:0' })).toBe(false); // already spoken
    expect(q.push({ key: 't1:1' })).toBe(true); // the recall
    await p.finish();
    await q.idle();
    expect(p.log).toEqual(['start t1:0', 'end t1:0', 'start t1:1', 'end t1:1']);
  });

  it('starts again after going idle', async () => {
    const p = manualPlayer();
    const q = new AnnouncementQueue<Item>({ play: p.play });
    q.push({ key: 'a' });
    await p.finish();
    await q.idle();
    expect(q.playing).toBeNull();
    q.push({ key: 'b' });
    expect(q.playing?.key).toBe('b');
    await p.finish();
    await q.idle();
    expect(p.log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('drops the oldest waiting announcements in a burst, never the one being spoken', async () => {
    const p = manualPlayer();
    const dropped: string[] = [];
    const q = new AnnouncementQueue<Item>({ play: p.play, maxPending: 2, onDrop: (i, why) => dropped.push(`${i.key} ${why}`) });
    for (const key of ['1', '2', '3', '4', '5']) q.push({ key });
    expect(q.playing?.key).toBe('1');
    expect(q.pending.map((i) => i.key)).toEqual(['4', '5']);
    expect(dropped).toEqual(['2 overflow', '3 overflow']);
    for (let i = 0; i < 3; i++) await p.finish();
    await q.idle();
    expect(p.log.filter((l) => l.startsWith('start'))).toEqual(['start 1', 'start 4', 'start 5']);
  });

  it('skips announcements that waited too long', async () => {
    const p = manualPlayer();
    let now = 0;
    const dropped: string[] = [];
    const q = new AnnouncementQueue<Item>({
      play: p.play,
      now: () => now,
      maxAgeMs: 60_000,
      onDrop: (i, why) => dropped.push(`${i.key} ${why}`),
    });
    q.push({ key: 'first' });
    now = 1_000;
    q.push({ key: 'old' });
    now = 50_000;
    q.push({ key: 'recent' });
    now = 70_000; // 'old' waited 69 s, 'recent' 20 s
    await p.finish();
    expect(dropped).toEqual(['old stale']);
    expect(q.playing?.key).toBe('recent');
    await p.finish();
    await q.idle();
  });

  it('goes on after a failed announcement', async () => {
    const errors: string[] = [];
    const played: string[] = [];
    const q = new AnnouncementQueue<Item>({
      play: async (i) => {
        if (i.key === 'bad') throw new Error('cannot decode');
        played.push(i.key);
      },
      onError: (i, err) => errors.push(`${i.key}: ${(err as Error).message}`),
    });
    q.push({ key: 'bad' });
    q.push({ key: 'good' });
    await q.idle();
    expect(errors).toEqual(['bad: cannot decode']);
    expect(played).toEqual(['good']);
  });

  it('forgets old keys so memory stays bounded over a long day', async () => {
    const q = new AnnouncementQueue<Item>({ play: async () => {}, rememberKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) q.push({ key });
    await q.idle();
    expect(q.push({ key: 'd' })).toBe(false);
    expect(q.push({ key: 'a' })).toBe(true); // long forgotten
  });

  it('stops: drops what waits, lets the current one finish, accepts nothing more', async () => {
    const p = manualPlayer();
    const q = new AnnouncementQueue<Item>({ play: p.play });
    q.push({ key: 'x' });
    q.push({ key: 'y' });
    q.stop();
    expect(q.push({ key: 'z' })).toBe(false);
    await p.finish();
    await q.idle();
    expect(p.log).toEqual(['start x', 'end x']);
  });
});
