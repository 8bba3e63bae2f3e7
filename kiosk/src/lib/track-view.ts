/** What the phone tracking page says about a ticket, by its status (pure; the page renders it). */
import { type BoardSnapshot, CHECK_IN_QR_PREFIX, type Lang, type Localized, type TrackView } from '@callboard/hub/client';
import type { MessageKey } from './messages';

export interface TrackHeadline {
  /** The big line. */
  key: MessageKey;
  /** `{counter}` for called/serving. */
  counter?: Localized;
  /** The visitor must act now: shown large and highlighted, announced to screen readers at once. */
  urgent: boolean;
  /** Still waiting: show position and estimate. */
  waiting: boolean;
}

export function trackHeadline(view: TrackView): TrackHeadline {
  switch (view.status) {
    case 'waiting':
      // Called to a room's door (two-step calling): go there and wait to be called in.
      if (view.doorOf) return { key: 'trackAtDoor', counter: view.doorOf, urgent: true, waiting: false };
      return { key: view.position === 0 ? 'youAreNext' : 'peopleAhead', urgent: false, waiting: true };
    case 'called':
      return view.counterName
        ? { key: 'trackCalled', counter: view.counterName, urgent: true, waiting: false }
        : { key: 'trackCalledLead', urgent: true, waiting: false };
    case 'serving':
      return view.counterName
        ? { key: 'trackServing', counter: view.counterName, urgent: false, waiting: false }
        : { key: 'trackServingHere', urgent: false, waiting: false };
    case 'done':
      return { key: 'trackDone', urgent: false, waiting: false };
    case 'no_show':
      return { key: view.requeueUntil !== undefined ? 'trackNoShowRequeue' : 'trackNoShow', urgent: false, waiting: false };
    case 'cancelled':
      // Lapsed (a remote ticket nobody confirmed in time) or closed by the hub at closing time: say why.
      return {
        key: view.arrival?.lapsed ? 'trackLapsed' : view.closedUnserved ? 'trackClosedUnserved' : 'trackCancelled',
        urgent: false,
        waiting: false,
      };
    case 'transferred':
      return { key: 'trackTransferred', urgent: false, waiting: false };
  }
}

/** The page keeps listening while the ticket may still change; a finished ticket stops. */
export function isFinal(view: TrackView, now = Date.now()): boolean {
  // A missed call the visitor may still put back at a kiosk may wait again: keep listening until then.
  if (view.status === 'no_show') return view.requeueUntil === undefined || view.requeueUntil <= now;
  return view.status === 'done' || view.status === 'cancelled';
}

/** The phone's language: the first of its preferred languages we have, else Chinese. */
export function preferredLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const lower = l.toLowerCase();
    if (lower.startsWith('zh')) return 'zh';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh';
}

/** The numbers of this service being called or served now, newest call first (at most `max`). */
export function nowCalling(board: BoardSnapshot, serviceId: string, max = 3): string[] {
  return (board.counters ?? [])
    .flatMap((c) => (c.current && c.current.serviceId === serviceId ? [c.current] : []))
    .sort((a, b) => b.calledAt - a.calledAt)
    .slice(0, max)
    .map((c) => c.number);
}

/** The "I'm here" panel shows while a waiting remote ticket still needs its visitor to check in. */
export function needsArrival(view: TrackView): boolean {
  return view.status === 'waiting' && view.arrival !== undefined && !view.arrival.confirmed && !view.arrival.lapsed;
}

/** The choices of "I'm running late": 1 place, the most allowed in one move, and the end of the line. */
export function lateChoices(maxPlaces: number): (number | 'end')[] {
  const places: (number | 'end')[] = [...new Set([1, maxPlaces])].filter((n) => n >= 1);
  places.push('end');
  return places;
}

/** The scanned text of the check-in QR on the phone page (a kiosk scanner reads it). */
export function checkInCode(token: string): string {
  return `${CHECK_IN_QR_PREFIX}${token}`;
}
