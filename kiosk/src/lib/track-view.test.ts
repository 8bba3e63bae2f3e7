import type { BoardCounter, BoardSnapshot, TrackView } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { boardNews, isFinal, nowCalling, preferredLang, trackHeadline } from './track-view';

const view = (over: Partial<TrackView>): TrackView => ({
  number: 'A023',
  serviceId: 'A',
  serviceName: { zh: '综合业务', en: 'General services' },
  status: 'waiting',
  position: 3,
  estimatedWaitSec: 600,
  issuedAt: 1,
  ...over,
});
const counter = { zh: '3号窗口', en: 'Counter 3' };

describe('trackHeadline', () => {
  it('says the place in line while waiting', () => {
    expect(trackHeadline(view({}))).toEqual({ key: 'peopleAhead', urgent: false, waiting: true });
    expect(trackHeadline(view({ position: 0 })).key).toBe('youAreNext');
  });

  it('calls the visitor to the counter, urgently', () => {
    expect(trackHeadline(view({ status: 'called', counterName: counter }))).toEqual({
      key: 'trackCalled',
      counter,
      urgent: true,
      waiting: false,
    });
    expect(trackHeadline(view({ status: 'serving', counterName: counter })).key).toBe('trackServing');
  });

  it('has words for every end', () => {
    expect(trackHeadline(view({ status: 'done' })).key).toBe('trackDone');
    expect(trackHeadline(view({ status: 'no_show' })).key).toBe('trackNoShow');
    expect(trackHeadline(view({ status: 'cancelled' })).key).toBe('trackCancelled');
    // Closed by the hub at closing time: the page says so rather than "cancelled".
    expect(trackHeadline(view({ status: 'cancelled', closedUnserved: true })).key).toBe('trackClosedUnserved');
    expect(trackHeadline(view({ status: 'transferred' })).key).toBe('trackTransferred');
    expect(isFinal(view({ status: 'done' }))).toBe(true);
    expect(isFinal(view({ status: 'called' }))).toBe(false);
  });
});

describe('preferredLang', () => {
  it('picks the first language we have', () => {
    expect(preferredLang(['en-US', 'zh-CN'])).toBe('en');
    expect(preferredLang(['zh-TW'])).toBe('zh');
    expect(preferredLang(['fr-FR'])).toBe('zh');
  });
});

describe('the board seen from the phone', () => {
  const tile = (id: string, number: string | null, serviceId = 'A', calledAt = 1): BoardCounter => ({
    id,
    name: { zh: `${id}号窗口`, en: `Counter ${id}` },
    state: 'open',
    services: [serviceId],
    current: number ? { number, serviceId, status: 'called', calledAt, recall: false } : null,
  });
  const board = (counters: BoardCounter[]): BoardSnapshot => ({
    v: 1,
    siteId: 's',
    siteName: { zh: '大厅', en: 'Hall' },
    at: 1,
    businessDate: '2026-12-05',
    calls: [],
    counters,
    services: [],
    notices: [],
  });

  it('sees at once that a called ticket left its counter (no-show, finish, transfer), or a waiting one was called', () => {
    expect(boardNews(view({ status: 'called' }), board([tile('3', null)]))).toBe(true);
    expect(boardNews(view({ status: 'called' }), board([tile('3', 'A023')]))).toBe(false);
    expect(boardNews(view({ status: 'waiting' }), board([tile('3', 'A023')]))).toBe(true);
    expect(boardNews(view({ status: 'waiting' }), board([tile('3', 'A020')]))).toBe(false);
  });

  it('lists the numbers of the same service being called now, newest first', () => {
    const b = board([tile('1', 'A020', 'A', 10), tile('2', 'B005', 'B', 30), tile('3', 'A021', 'A', 20), tile('4', null)]);
    expect(nowCalling(b, 'A')).toEqual(['A021', 'A020']);
  });
});
