import type { TrackView } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { isFinal, preferredLang, trackHeadline } from './track-view';

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
