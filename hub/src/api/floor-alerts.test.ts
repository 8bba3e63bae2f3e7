import { describe, expect, it } from 'vitest';
import { floorAlerts, PAUSED_TOO_LONG_MIN } from './notices';

const base = { now: 0, services: [], counters: [], pausedTooLongMin: PAUSED_TOO_LONG_MIN };
const kiosk = (condition: string, unprinted?: number) => ({
  id: 'bridge-1',
  name: 'Kiosk 1',
  state: 'online',
  printer: { condition },
  ...(unprinted !== undefined ? { unprinted } : {}),
});

describe('floor alerts for printers', () => {
  it('say how many tickets were issued unprinted', () => {
    expect(floorAlerts({ ...base, devices: [kiosk('paper_end', 3)] })).toEqual([
      { kind: 'paper_end', severity: 'critical', subject: 'bridge-1', subjectName: 'Kiosk 1', unprinted: 3 },
    ]);
    expect(floorAlerts({ ...base, devices: [kiosk('cover_open')] })[0]).toMatchObject({ kind: 'printer_problem', unprinted: 0 });
    expect(floorAlerts({ ...base, devices: [kiosk('paper_near_end')] })[0]).not.toHaveProperty('unprinted');
    expect(floorAlerts({ ...base, devices: [kiosk('ok')] })).toEqual([]);
  });

  it('warn of a degraded card reader on an online bridge', () => {
    const reader = (degraded?: boolean) => ({ kind: 'idcard-sam', ...(degraded ? { degraded } : {}) });
    const bridge = (state: string, degraded?: boolean) => ({ ...kiosk('ok'), state, peripherals: [reader(degraded)] });
    expect(floorAlerts({ ...base, devices: [bridge('online', true)] })).toEqual([
      { kind: 'reader_degraded', severity: 'warning', subject: 'bridge-1', subjectName: 'Kiosk 1' },
    ]);
    expect(floorAlerts({ ...base, devices: [bridge('online')] })).toEqual([]);
    expect(floorAlerts({ ...base, devices: [bridge('offline', true)] }).map((a) => a.kind)).toEqual(['device_offline']);
  });
});
