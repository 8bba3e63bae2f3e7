import { describe, expect, it } from 'vitest';
import type { HubConfig } from '../config';
import type { PhoneContact } from '../protocol';
import type { QueueService } from '../service/queue-service';
import { MAX_OPEN_CALLS, ScreenPops } from './screen-pops';

const NOW = Date.parse('2026-12-05T03:00:00Z');
const DAY = 24 * 3600_000;

function pops() {
  const recorded: PhoneContact[] = [];
  const p = new ScreenPops({
    config: { site: { timezone: 'Asia/Shanghai', dayStartsAt: '00:00' }, phone: undefined } as unknown as HubConfig,
    secret: 'test-secret-0123456789abcdef0123456789',
    queue: { audit: { record: async () => {} } } as unknown as QueueService,
    archived: async () => [],
    now: () => NOW,
    contacts: {
      record: async (c) => {
        recorded.push(c);
      },
      ofIdentity: async () => [],
    },
  });
  return { p, recorded };
}

describe('a call event’s times from the PBX', () => {
  it('a start time in the future or days back is taken as the hub’s: the contact lands on today (a day back at most) and ages out with it', async () => {
    const { p, recorded } = pops();
    // Years ahead: the caller would never reach the retention boundary.
    await p.handle({
      type: 'ended',
      callId: 'c1',
      caller: '13812345678',
      outcome: 'answered',
      startedAt: Date.parse('2099-01-01T00:00:00Z'),
      answeredAt: Date.parse('2099-01-01T00:00:05Z'),
      at: NOW,
    });
    // Months back: planted into a closed day's figures.
    await p.handle({
      type: 'ended',
      callId: 'c2',
      caller: '13812345678',
      outcome: 'abandoned',
      startedAt: NOW - 90 * DAY,
      at: NOW,
    });
    expect(recorded[0]?.businessDate).toBe('2026-12-05');
    expect(recorded[1]?.businessDate).toBe('2026-12-04'); // at most a day back
    for (const c of recorded) {
      expect(c.startedAt).toBeLessThanOrEqual(NOW);
      expect(c.startedAt).toBeGreaterThanOrEqual(NOW - DAY);
      expect(c.ringSec).toBeGreaterThanOrEqual(0);
      if (c.answeredAt !== undefined) expect(c.answeredAt).toBeLessThanOrEqual(NOW);
    }
  });

  it('plausible times are kept as the PBX gives them', async () => {
    const { p, recorded } = pops();
    await p.handle({
      type: 'ended',
      callId: 'c3',
      caller: '13812345678',
      outcome: 'answered',
      startedAt: NOW - 300_000,
      answeredAt: NOW - 290_000,
      at: NOW,
    });
    expect(recorded[0]).toMatchObject({ startedAt: NOW - 300_000, answeredAt: NOW - 290_000, ringSec: 10, talkSec: 290 });
  });
});

describe('calls whose end never comes', () => {
  it('are not kept past the bound: the oldest ringing call is forgotten, a recent one is still known', async () => {
    const { p, recorded } = pops();
    const caller = (i: number) => `139${String(i).padStart(8, '0')}`;
    for (let i = 0; i <= MAX_OPEN_CALLS; i++)
      await p.handle({ type: 'ringing', callId: `r${i}`, caller: caller(i), extension: '201', at: NOW });
    // The end events name another number: a call still known keeps the number it rang with.
    const end = (callId: string) =>
      p.handle({ type: 'ended', callId, caller: '13700000000', outcome: 'abandoned', startedAt: NOW, at: NOW });
    await end('r0');
    await end(`r${MAX_OPEN_CALLS}`);
    expect(recorded.map((c) => c.callerMasked)).toEqual(['137****0000', `139****${caller(MAX_OPEN_CALLS).slice(-4)}`]);
  });
});
