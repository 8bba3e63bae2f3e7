/**
 * Multi-stop visits (一票到底, docs/queue-policy.md "Multi-stop visits"): one ticket number for a
 * visit through several services. What the phone page, the board and the clerk's route editor see.
 */
import { type Static, Type } from 'typebox';
import { EpochMs, Id, Localized } from './schemas';

/** The most stops a ticket may still have ahead of it. */
export const MAX_ROUTE_STOPS = 8;

/** One stop of a visit as visitors see it: the service and where it is. */
export const RouteStopView = Type.Object(
  { serviceId: Type.String(), name: Localized, where: Type.Optional(Localized) },
  { additionalProperties: false },
);
export type RouteStopView = Static<typeof RouteStopView>;

/** A multi-stop ticket on the phone page: which stop of how many, where this one is, what comes next. */
export const TrackRoute = Type.Object(
  {
    stop: Type.Integer({ minimum: 1, description: 'this stop, 1 = the first' }),
    stops: Type.Integer({ minimum: 1, description: 'stops of the whole visit as planned now' }),
    /** Where this stop's service is. */
    here: Type.Optional(Localized),
    /** The service visited before this one (set from the second stop on). */
    from: Type.Optional(RouteStopView),
    /** Every stop already done, first first (transfers on the way included). */
    past: Type.Optional(Type.Array(RouteStopView)),
    /** The stops after this one, next first. */
    next: Type.Array(RouteStopView),
  },
  { additionalProperties: false },
);
export type TrackRoute = Static<typeof TrackRoute>;

/** `PUT /tickets/{id}/route`: the stops still to visit after the ticket's current service, in order. */
export const RouteBody = Type.Object(
  {
    stops: Type.Array(Id, {
      maxItems: MAX_ROUTE_STOPS,
      description: 'the remaining stops, next first; [] = the visit ends with the current service',
    }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RouteBody = Static<typeof RouteBody>;

/** On the board: a visitor who finished a stop and is on the way to the next one. */
export const BoardMove = Type.Object(
  {
    number: Type.String(),
    fromServiceId: Type.String(),
    serviceId: Type.String(),
    name: Localized,
    where: Type.Optional(Localized),
    at: EpochMs,
  },
  { additionalProperties: false },
);
export type BoardMove = Static<typeof BoardMove>;
