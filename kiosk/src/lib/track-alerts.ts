/**
 * When the open tracking page itself alerts the visitor (pure; the page plays the sound, buzzes
 * and changes the title): once when the ticket reaches "N ahead" (what the visitor chose, default
 * 3), once when it is called. A page opened when the ticket is already that close alerts at once:
 * the visitor may have just come back to the tab.
 */
import type { TrackView } from '@callboard/hub/client';

export type PageAlert = 'ahead' | 'called';

export interface AlertState {
  aheadAt: number | null;
  onCall: boolean;
  firedAhead: boolean;
  firedCalled: boolean;
}

export function pageAlertDue(view: Pick<TrackView, 'status' | 'position'>, s: AlertState): PageAlert | null {
  if (view.status === 'called' && s.onCall && !s.firedCalled) return 'called';
  if (view.status === 'waiting' && s.aheadAt !== null && !s.firedAhead && view.position <= s.aheadAt) return 'ahead';
  return null;
}

/**
 * True when a standing "N ahead" alert no longer holds: the visitor moved back ("I'm running
 * late") or the line was reordered, so more than N are ahead again. The page then takes the banner
 * down and alerts afresh when the visitor comes near again.
 */
export function aheadAlertLapsed(view: Pick<TrackView, 'status' | 'position'>, aheadAt: number | null): boolean {
  return view.status === 'waiting' && (aheadAt === null || view.position > aheadAt);
}

/** The tab's title while an alert stands (seen on a tab strip or a locked phone's notification of it). */
export function alertTitle(alert: PageAlert, number: string, text: string): string {
  return `🔔 ${text} · ${number}${alert === 'called' ? ' 🔔' : ''}`;
}
