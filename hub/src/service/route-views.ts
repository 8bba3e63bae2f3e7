/**
 * Multi-stop visits as visitors see them (docs/queue-policy.md "Multi-stop visits"): the phone
 * page's stop of how many, where it is and what comes next; the board's "next stop" list.
 */
import type { BoardMove, RouteStopView, Service, Ticket, TrackRoute } from '../protocol';
import { stopsOf } from '../queue';

type Services = ReadonlyMap<string, Service>;

export function stopView(serviceId: string, services: Services): RouteStopView {
  const s = services.get(serviceId);
  const v: RouteStopView = { serviceId, name: s?.name ?? { zh: serviceId, en: serviceId } };
  if (s?.where) v.where = s.where;
  return v;
}

/** The phone page's route of a multi-stop ticket; undefined for a one-stop visit. */
export function trackRoute(t: Ticket, services: Services, get: (id: string) => Ticket | undefined): TrackRoute | undefined {
  if (t.stop === undefined && !t.route?.length) return undefined;
  const view: TrackRoute = { ...stopsOf(t), next: (t.route ?? []).map((id) => stopView(id, services)) };
  const here = services.get(t.serviceId)?.where;
  if (here) view.here = here;
  const before = t.transferredFrom ? get(t.transferredFrom) : undefined;
  if (before) view.from = stopView(before.serviceId, services);
  const past: RouteStopView[] = [];
  for (let p = before; p && past.length < 32; p = p.transferredFrom ? get(p.transferredFrom) : undefined)
    past.unshift(stopView(p.serviceId, services));
  if (past.length > 0) view.past = past;
  return view;
}

/** The board's list: visitors on their way to their next stop (still waiting there), newest first. */
export function boardMoves(moved: readonly Ticket[], services: Services, get: (id: string) => Ticket | undefined): BoardMove[] {
  return moved.map((t) => {
    const to = stopView(t.serviceId, services);
    const m: BoardMove = {
      number: t.number,
      fromServiceId: (t.transferredFrom ? get(t.transferredFrom)?.serviceId : undefined) ?? t.serviceId,
      serviceId: t.serviceId,
      name: to.name,
      at: t.issuedAt,
    };
    if (to.where) m.where = to.where;
    return m;
  });
}
