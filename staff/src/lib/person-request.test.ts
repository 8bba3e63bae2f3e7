import { ApiError, type ErasureReply, type PersonalDataExport } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { exportFileName, PersonRequestDesk } from './person-request';

const found: PersonalDataExport = {
  format: 'callboard-personal-data',
  site: 'demo',
  exportedAt: Date.UTC(2026, 11, 5, 4),
  person: { kind: 'phone', masked: '139****5678' },
  visits: [],
  appointments: [],
  texts: [],
  calls: [],
};

function fakeHub(fail?: ApiError) {
  const asked: unknown[] = [];
  return {
    asked,
    devices: async () => [],
    armCardReader: async () => ({ state: 'waiting' as const, readId: 'r0' }),
    cardRead: async (readId: string) => ({ state: 'expired' as const, readId }),
    exportPersonalData: async (identity: unknown) => {
      asked.push(['export', identity]);
      return found;
    },
    erasePersonalData: async (identity: unknown): Promise<ErasureReply> => {
      asked.push(['erase', identity]);
      if (fail) throw fail;
      return { person: found.person, erased: { visits: { tickets: 2, days: 1 } } };
    },
  };
}

describe('a person’s request at the console', () => {
  it('searches, keeps no number in the form, and erases only on the second click, for the person searched', async () => {
    const hub = fakeHub();
    const desk = new PersonRequestDesk(hub, async () => {});
    desk.s.kind = 'phone';
    desk.s.value = ' 13912345678 ';
    await desk.search();
    expect(desk.s.found).toBe(found);
    expect(desk.s.value).toBe('');
    await desk.erase();
    expect(desk.s.confirming).toBe(true);
    expect(hub.asked).toHaveLength(1);
    await desk.erase();
    expect(hub.asked[1]).toEqual(['erase', { identity: { kind: 'phone', value: '13912345678' } }]);
    expect(desk.s.erased?.erased.visits).toEqual({ tickets: 2, days: 1 });
    expect(desk.s.found).toBeNull();
    // Nothing left to erase until the next search.
    await desk.erase();
    expect(hub.asked).toHaveLength(2);
  });

  it('says why an erasure was refused and keeps what was found', async () => {
    const desk = new PersonRequestDesk(fakeHub(new ApiError(409, 'PERSON_HAS_OPEN_RECORDS', 'open')), async () => {});
    desk.s.value = '13912345678';
    desk.s.kind = 'phone';
    await desk.search();
    await desk.erase();
    await desk.erase();
    expect(desk.s.notice).toEqual({ tone: 'error', key: 'errPersonHasOpenRecords' });
    expect(desk.s.found).toBe(found);
    expect(desk.s.confirming).toBe(false);
  });

  it('names the download by the masked number and the day only', () => {
    expect(exportFileName(found)).toBe('personal-data-139____5678-2026-12-05.json');
    const file = new PersonRequestDesk(fakeHub(), async () => {}).download();
    expect(file).toBeNull();
  });
});

describe('a card presented at a reader', () => {
  it('lists the devices with a reader, arms the chosen one, waits for the card and searches with it', async () => {
    const asked: unknown[] = [];
    let polls = 0;
    const hub = {
      ...fakeHub(),
      devices: async () =>
        [
          { id: 'board-1', name: 'Board', peripherals: [] },
          { id: 'bridge-1', name: 'Kiosk bridge', peripherals: [{ id: 'reader', kind: 'idcard-sam' }] },
        ] as never,
      armCardReader: async (deviceId: string) => {
        asked.push(['arm', deviceId]);
        return { state: 'waiting' as const, readId: 'r1', expiresAt: 1 };
      },
      cardRead: async (readId: string) => {
        polls++;
        return polls < 3
          ? { state: 'waiting' as const, readId }
          : { state: 'read' as const, readId, person: { kind: 'id-card' as const, masked: '110***********003X' } };
      },
      exportPersonalData: async (person: unknown) => {
        asked.push(['export', person]);
        return found;
      },
    };
    const desk = new PersonRequestDesk(
      hub,
      async () => {},
      undefined,
      async () => {},
    );
    await desk.loadReaders();
    expect(desk.s.readers).toEqual([{ id: 'bridge-1', name: 'Kiosk bridge' }]);
    expect(desk.s.reader).toBe('bridge-1');
    await desk.readCard();
    expect(asked).toEqual([
      ['arm', 'bridge-1'],
      ['export', { cardRead: 'r1' }],
    ]);
    expect(polls).toBe(3);
    expect(desk.s.found).toBe(found);
    expect(desk.s.reading).toBe(false);
  });

  it('says so when no card came within the minute', async () => {
    const hub = {
      ...fakeHub(),
      devices: async () => [],
      armCardReader: async () => ({ state: 'waiting' as const, readId: 'r1' }),
      cardRead: async (readId: string) => ({ state: 'expired' as const, readId }),
    };
    const desk = new PersonRequestDesk(
      hub,
      async () => {},
      undefined,
      async () => {},
    );
    desk.s.reader = 'bridge-1';
    await desk.readCard();
    expect(desk.s.notice).toEqual({ tone: 'error', key: 'cardReadExpired' });
    expect(desk.s.found).toBeNull();
  });
});
