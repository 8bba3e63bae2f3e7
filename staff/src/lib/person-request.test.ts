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
};

function fakeHub(fail?: ApiError) {
  const asked: unknown[] = [];
  return {
    asked,
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
    expect(hub.asked[1]).toEqual(['erase', { kind: 'phone', value: '13912345678' }]);
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
