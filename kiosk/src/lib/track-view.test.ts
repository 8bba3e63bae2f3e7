import type { BoardCounter, BoardSnapshot, TrackView } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import {
  boardNews,
  boardStep,
  calledAgain,
  SPREAD_MS,
  serviceMoved,
  soonWait,
  stepAfterAnswer,
  THROTTLE_MS,
} from './track-refresh';
import { checkInCode, isFinal, lateChoices, needsArrival, nowCalling, preferredLang, trackHeadline } from './track-view';

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
    expect(trackHeadline(view({ position: 0, doorOf: { zh: '3诊室', en: 'Room 3' } }))).toEqual({
      key: 'trackAtDoor',
      counter: { zh: '3诊室', en: 'Room 3' },
      urgent: true,
      waiting: false,
    });
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

  it('a missed call that may still go back in line says how, and the page keeps listening until then', () => {
    const missed = view({ status: 'no_show', requeueUntil: 2_000 });
    expect(trackHeadline(missed).key).toBe('trackNoShowRequeue');
    expect(isFinal(missed, 1_000)).toBe(false);
    expect(isFinal(missed, 2_000)).toBe(true);
    expect(isFinal(view({ status: 'no_show' }), 1_000)).toBe(true);
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

  const line = (id: string, waiting: number, estimatedWaitSec = 600, openCounters = 2) => ({
    id,
    name: { zh: id, en: id },
    prefix: id,
    waiting,
    estimatedWaitSec,
    openCounters,
  });
  const at = (counters: BoardCounter[], a: number, b: number, over: { aEst?: number; aOpen?: number } = {}) => ({
    ...board(counters),
    services: [line('A', a, over.aEst, over.aOpen), line('B', b)],
  });

  it("asks the hub again only when a board moved what the page shows of this ticket's service", () => {
    const before = at([tile('1', 'A020'), tile('2', 'B005', 'B')], 10, 7);
    expect(serviceMoved(null, before, 'A')).toBe(true);
    expect(serviceMoved(before, at([tile('1', 'A020'), tile('2', 'B005', 'B')], 10, 7), 'A')).toBe(false);
    // B called its next: A's line and A's counters are as they were.
    expect(serviceMoved(before, at([tile('1', 'A020'), tile('2', 'B006', 'B')], 10, 6), 'A')).toBe(false);
    // A called its next (even with a newcomer in the same board), someone joined or left A's line, its counters changed.
    expect(serviceMoved(before, at([tile('1', 'A021'), tile('2', 'B005', 'B')], 9, 7), 'A')).toBe(true);
    expect(serviceMoved(before, at([tile('1', 'A021'), tile('2', 'B005', 'B')], 10, 7), 'A')).toBe(true);
    expect(serviceMoved(before, at([tile('1', 'A020'), tile('2', 'A021', 'A')], 10, 7), 'A')).toBe(true);
    expect(serviceMoved(before, at([tile('1', 'A020'), tile('2', 'B005', 'B')], 11, 7), 'A')).toBe(true);
    expect(serviceMoved(before, at([tile('1', 'A020'), tile('2', 'B005', 'B')], 10, 7, { aOpen: 3 }), 'A')).toBe(true);
  });

  it('leaves to the next refresh what moves nobody waiting: a finished visit, a small change of the estimate', () => {
    const before = at([tile('1', 'A020'), tile('2', 'B005', 'B')], 10, 7);
    // Counter 1 finished A020 and called B's next: nobody in A's line moved (the page reads who is called from the board).
    expect(serviceMoved(before, at([tile('1', 'B006', 'B'), tile('2', 'B005', 'B')], 10, 6), 'A')).toBe(false);
    expect(serviceMoved(before, at([tile('1', null), tile('2', 'B005', 'B')], 10, 7), 'A')).toBe(false);
    // The finished visit fed A's learned time: its estimate moved 30 s of 600 (a few %, inside the range shown).
    expect(serviceMoved(before, at([tile('1', null), tile('2', 'B005', 'B')], 10, 7, { aEst: 570 }), 'A')).toBe(false);
    expect(serviceMoved(before, at([tile('1', null), tile('2', 'B005', 'B')], 10, 7, { aEst: 659 }), 'A')).toBe(false);
    // A minute, or a tenth of a long estimate, is asked for.
    expect(serviceMoved(before, at([tile('1', 'A020'), tile('2', 'B005', 'B')], 10, 7, { aEst: 660 }), 'A')).toBe(true);
    expect(serviceMoved(before, at([tile('1', 'A020'), tile('2', 'B005', 'B')], 10, 7, { aEst: 540 }), 'A')).toBe(true);
    const long = at([], 10, 7, { aEst: 6000 });
    expect(serviceMoved(long, at([], 10, 7, { aEst: 6500 }), 'A')).toBe(false);
    expect(serviceMoved(long, at([], 10, 7, { aEst: 5400 }), 'A')).toBe(true);
    // The service gone from the board, or back on it.
    expect(serviceMoved(long, { ...long, services: [line('B', 7)] }, 'A')).toBe(true);
  });

  it('asks at once for news of its own ticket, soon for its line, never for other services', () => {
    const v = view({ status: 'waiting' });
    const seen = at([tile('1', 'A020'), tile('2', 'B005', 'B')], 10, 7);
    expect(boardStep(v, seen, at([tile('1', v.number), tile('2', 'B005', 'B')], 9, 7))).toBe('now');
    expect(boardStep(v, seen, at([tile('1', 'A021'), tile('2', 'B005', 'B')], 9, 7))).toBe('soon');
    expect(boardStep(v, seen, at([tile('1', 'A020'), tile('2', 'B006', 'B')], 10, 6))).toBe('none');
    // No view yet: the page asks (soon).
    expect(boardStep(null, seen, seen)).toBe('soon');
  });

  it('asks at once when its own number is called again at its counter (a recall), not for another number recalled', () => {
    const v = view({ status: 'called' });
    const seen = at([tile('1', v.number, 'A', 100), tile('2', 'A020', 'A', 50)], 10, 7);
    expect(calledAgain(v.number, seen, at([tile('1', v.number, 'A', 160), tile('2', 'A020', 'A', 50)], 10, 7))).toBe(true);
    expect(boardStep(v, seen, at([tile('1', v.number, 'A', 160), tile('2', 'A020', 'A', 50)], 10, 7))).toBe('now');
    // The same call as before, another number recalled, or no board seen before: no recall of this ticket.
    expect(boardStep(v, seen, seen)).toBe('none');
    expect(boardStep(v, seen, at([tile('1', v.number, 'A', 100), tile('2', 'A020', 'A', 90)], 10, 7))).toBe('none');
    expect(calledAgain(v.number, null, seen)).toBe(false);
  });

  it('judges a line that came during a request again once the answer is back', () => {
    // Call, start and finish in quick succession: the line with the call asked (the request went out
    // with it); the line without the number came while it was out. The answer says "called".
    const sentWith = at([tile('1', 'A023', 'A', 100)], 9, 7);
    const latest = at([tile('1', null)], 9, 7);
    expect(boardStep(view({ status: 'waiting' }), sentWith, latest)).toBe('none'); // as judged on arrival
    expect(stepAfterAnswer(view({ status: 'called' }), sentWith, latest)).toBe('now');
    // Nothing came during the request, or nothing new for this ticket.
    expect(stepAfterAnswer(view({ status: 'called' }), sentWith, sentWith)).toBe('none');
    expect(stepAfterAnswer(view({ status: 'called' }), sentWith, null)).toBe('none');
    expect(stepAfterAnswer(view({ status: 'waiting' }), latest, at([tile('1', null)], 9, 7))).toBe('none');
  });

  it('spreads a soon refresh over 0–1.5 s, and never asks twice within the 2 s throttle', () => {
    expect(SPREAD_MS).toBeLessThan(THROTTLE_MS);
    expect(soonWait(0, 10_000, () => 0)).toBe(0);
    expect(soonWait(0, 10_000, () => 0.999)).toBe(Math.floor(0.999 * SPREAD_MS));
    expect(soonWait(0, 10_000, () => 0.5)).toBe(SPREAD_MS / 2);
    // Asked 0.5 s ago: not before the throttle's end, later if the draw says so.
    expect(soonWait(9_500, 10_000, () => 0)).toBe(THROTTLE_MS - 500);
    expect(soonWait(9_900, 10_000, () => 0.99)).toBe(THROTTLE_MS - 100);
    expect(soonWait(8_500, 10_000, () => 0.9)).toBe(Math.floor(0.9 * SPREAD_MS));
  });
});

describe('remote tickets on the phone page', () => {
  const base = {
    number: 'B001',
    serviceId: 'B',
    serviceName: { zh: '乙', en: 'B' },
    position: 0,
    estimatedWaitSec: 0,
    issuedAt: 0,
  };
  it('a lapsed ticket says so; a plain cancel does not', () => {
    expect(trackHeadline({ ...base, status: 'cancelled', arrival: { confirmed: false, lapsed: true, graceMin: 5 } }).key).toBe(
      'trackLapsed',
    );
    expect(trackHeadline({ ...base, status: 'cancelled' }).key).toBe('trackCancelled');
  });
  it('asks for arrival only while waiting unconfirmed', () => {
    const arrival = { confirmed: false, lapsed: false, graceMin: 5 };
    expect(needsArrival({ ...base, status: 'waiting', arrival })).toBe(true);
    expect(needsArrival({ ...base, status: 'waiting', arrival: { ...arrival, confirmed: true } })).toBe(false);
    expect(needsArrival({ ...base, status: 'called', arrival })).toBe(false);
    expect(needsArrival({ ...base, status: 'waiting' })).toBe(false);
  });
  it('offers 1 place, the most allowed, and the end; the check-in code carries the token', () => {
    expect(lateChoices(3)).toEqual([1, 3, 'end']);
    expect(lateChoices(1)).toEqual([1, 'end']);
    expect(checkInCode('abc12345')).toBe('CBT1:abc12345');
  });
});
