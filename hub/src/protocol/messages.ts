/** MQTT payloads: what the hub publishes (every payload has v: 1). */
import { type Static, Type } from 'typebox';
import { CallStep, DoorEntry, ShownName } from './rooms';
import { BoardMove } from './route';
import { CounterStateName, EpochMs, Localized, TicketStatus, WaitRange } from './schemas';

export const CallMessage = Type.Object({
  v: Type.Literal(1),
  ticketId: Type.String(),
  number: Type.String(),
  serviceId: Type.String(),
  counterId: Type.String(),
  counterName: Localized,
  recall: Type.Boolean(),
  recallCount: Type.Integer({ minimum: 0 }),
  at: EpochMs,
  /** Two-step calling: `door` = to the room's door, `in` = into the room (absent: an ordinary call). */
  step: Type.Optional(CallStep),
  ...ShownName,
});
export type CallMessage = Static<typeof CallMessage>;

export const BoardService = Type.Object({
  id: Type.String(),
  name: Localized,
  prefix: Type.String(),
  waiting: Type.Integer(),
  estimatedWaitSec: Type.Integer(),
  /** The estimate as visitors are shown it (queue/wait-range.ts: biased late). */
  estimatedWaitRange: Type.Optional(WaitRange),
  openCounters: Type.Integer(),
});
export type BoardService = Static<typeof BoardService>;

export const BoardCall = Type.Object({
  number: Type.String(),
  serviceId: Type.String(),
  counterId: Type.String(),
  counterName: Localized,
  recall: Type.Boolean(),
  at: EpochMs,
  step: Type.Optional(CallStep),
  ...ShownName,
});
export type BoardCall = Static<typeof BoardCall>;

/** One counter on the board: who it is calling or serving now, from the counter's own state. */
export const BoardCounter = Type.Object({
  id: Type.String(),
  name: Localized,
  state: CounterStateName,
  services: Type.Array(Type.String()),
  current: Type.Union([
    Type.Object({
      number: Type.String(),
      serviceId: Type.String(),
      status: TicketStatus,
      /** When it was last called or recalled here (a new value = a new call to draw the eye to). */
      calledAt: EpochMs,
      recall: Type.Boolean(),
      ...ShownName,
    }),
    Type.Null(),
  ]),
});
export type BoardCounter = Static<typeof BoardCounter>;

export const Notice = Type.Object({ id: Type.String(), text: Localized, at: EpochMs });
export type Notice = Static<typeof Notice>;

export const BoardSnapshot = Type.Object({
  v: Type.Literal(1),
  siteId: Type.String(),
  siteName: Localized,
  at: EpochMs,
  businessDate: Type.String(),
  setupVersion: Type.Optional(
    Type.Integer({ description: 'changes when an admin edits services, counters or the policy: reload the service list' }),
  ),
  /** The site's IANA time zone, for the screens' clocks. */
  timeZone: Type.Optional(Type.String()),
  calls: Type.Array(BoardCall, { description: 'most recent first' }),
  /** Every counter in configuration order, with the ticket called or served there now. */
  counters: Type.Optional(Type.Array(BoardCounter)),
  services: Type.Array(BoardService),
  notices: Type.Array(Notice),
  /** Multi-stop visits: visitors who finished a stop and are on their way to the next, most recent first. */
  moves: Type.Optional(Type.Array(BoardMove)),
});
export type BoardSnapshot = Static<typeof BoardSnapshot>;

export const CounterMessage = Type.Object({
  v: Type.Literal(1),
  id: Type.String(),
  name: Localized,
  state: CounterStateName,
  current: Type.Union([
    Type.Object({ number: Type.String(), serviceId: Type.String(), status: TicketStatus, ...ShownName }),
    Type.Null(),
  ]),
  at: EpochMs,
  // Room screens (two-step calling): who waits at the door, who works in the room (the state says paused).
  /** Present when the counter serves a two-step service: visitors called to its door, in calling order. */
  door: Type.Optional(Type.Array(DoorEntry)),
  /** Display name of the staff member signed in (a doctor's name on the room screen). */
  staffName: Type.Optional(Type.String({ maxLength: 100 })),
});
export type CounterMessage = Static<typeof CounterMessage>;

export const DeviceStatusMessage = Type.Object({
  v: Type.Literal(1),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  at: Type.Optional(EpochMs),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type DeviceStatusMessage = Static<typeof DeviceStatusMessage>;
