/** The board's strings for multi-stop visits (一票到底). */
import { createTranslator, type Messages } from '@callboard/hub/client';

export const routeMessages = {
  nextStops: { zh: '请前往下一站', en: 'Next stop' },
  goToStop: { zh: '请到 {service}', en: 'Go to {service}' },
} satisfies Messages;

export const rt = createTranslator(routeMessages);

/** The moves a board shows: all, or those to or from the services it is set to show; at most `max`. */
export function shownMoves<M extends { serviceId: string; fromServiceId: string }>(
  moves: readonly M[] | undefined,
  services: readonly string[] | null,
  max = 3,
): M[] {
  const list = moves ?? [];
  const shown = services ? new Set(services) : null;
  return list.filter((m) => !shown || shown.has(m.serviceId) || shown.has(m.fromServiceId)).slice(0, max);
}
