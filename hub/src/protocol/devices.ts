/**
 * Device messages on `devices/<id>/…` (ARCHITECTURE §4–5): what a firmware-bridge reports
 * (status, events) and what the hub tells it (commands). A bridge owns several serial
 * peripherals but has one device identity (the broker's ACL allows a device only its own
 * topics), so every event and status entry names the peripheral it is about.
 *
 * Privacy: a `card` event is the only message that carries a raw ID number. It travels once,
 * bridge → hub, never retained; the hub turns it into `{ kind, hmac, masked }` at once and
 * never stores, logs or republishes the raw value.
 */
import { type Static, Type } from 'typebox';
import { IssuedTicket } from './rest';
import { EpochMs, Id, Localized } from './schemas';

/** Peripheral name inside one bridge (`reader`, `printer`, …): a topic-safe id. */
export const PeripheralId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' });

export const PeripheralKind = Type.Union([
  Type.Literal('idcard-sam'),
  Type.Literal('scanner'),
  Type.Literal('printer-escpos'),
  Type.Literal('rating-pad'),
  Type.Literal('led-counter'),
  Type.Literal('sms-modem'),
]);
export type PeripheralKind = Static<typeof PeripheralKind>;

/** Paper and cover as DLE EOT reports them; `unknown` until the printer has answered once. */
export const PaperState = Type.Union([
  Type.Literal('ok'),
  Type.Literal('near_end'),
  Type.Literal('end'),
  Type.Literal('unknown'),
]);
export type PaperState = Static<typeof PaperState>;

/** One word for a person at the staff console: the worst thing that is true of the printer. */
export const PrinterCondition = Type.Union([
  Type.Literal('ok'),
  Type.Literal('paper_near_end'),
  Type.Literal('paper_end'),
  Type.Literal('cover_open'),
  Type.Literal('error'),
  Type.Literal('offline'),
]);
export type PrinterCondition = Static<typeof PrinterCondition>;

export const PrinterState = Type.Object({
  condition: PrinterCondition,
  paper: PaperState,
  coverOpen: Type.Boolean(),
  /** The printer answered the last status poll. */
  online: Type.Boolean(),
  /** Auto-cutter or unrecoverable error (DLE EOT 3). */
  error: Type.Boolean(),
});
export type PrinterState = Static<typeof PrinterState>;

export const PeripheralStatus = Type.Object({
  id: PeripheralId,
  kind: PeripheralKind,
  /** The serial port (or tcp:// address) is open. */
  connected: Type.Boolean(),
  port: Type.String(),
  printer: Type.Optional(PrinterState),
  counterId: Type.Optional(Id),
  /** A card reader whose line keeps breaking replies (it still reads, through retries, or asks for the card again). */
  degraded: Type.Optional(Type.Boolean()),
});
export type PeripheralStatus = Static<typeof PeripheralStatus>;

/** `detail` of a bridge's retained `devices/<id>/status` (the generic DeviceStatusMessage). */
export const BridgeStatusDetail = Type.Object({
  version: Type.String(),
  /** The kiosk page this bridge serves (its card reads are answered on that kiosk's commands). */
  kioskId: Type.Optional(Id),
  peripherals: Type.Array(PeripheralStatus),
});
export type BridgeStatusDetail = Static<typeof BridgeStatusDetail>;

// ---------- events: bridge → hub (devices/<id>/events, QoS 1, never retained) ----------

export const CardKind = Type.Union([
  Type.Literal('resident'),
  Type.Literal('hmt-permit'),
  Type.Literal('foreign-old'),
  Type.Literal('foreign-2023'),
]);
export type CardKind = Static<typeof CardKind>;

const eventBase = { v: Type.Literal(1), peripheral: PeripheralId, at: EpochMs };

export const CardEvent = Type.Object({
  ...eventBase,
  type: Type.Literal('card'),
  /** Only what matching needs: the document number (check digit already verified) and kind. */
  card: Type.Object({
    kind: CardKind,
    idNumber: Type.String({ minLength: 1, maxLength: 32 }),
    validTo: Type.Optional(Type.String({ maxLength: 16 })),
    /** The holder's name, masked by the bridge (张*三): the clear name never leaves the bridge. */
    nameMasked: Type.Optional(Type.String({ maxLength: 40, pattern: '^[^*]*\\*' })),
  }),
  kioskId: Type.Optional(Id),
  /** The bridge's configured default service, used when the kiosk has not chosen one. */
  serviceId: Type.Optional(Id),
});
export type CardEvent = Static<typeof CardEvent>;

export const CardErrorEvent = Type.Object({
  ...eventBase,
  type: Type.Literal('card-error'),
  code: Type.Union([Type.Literal('read_failed'), Type.Literal('invalid_id'), Type.Literal('unknown_kind')]),
  message: Type.String({ maxLength: 200 }),
  kioskId: Type.Optional(Id),
});
export type CardErrorEvent = Static<typeof CardErrorEvent>;

export const ScanEvent = Type.Object({
  ...eventBase,
  type: Type.Literal('scan'),
  code: Type.String({ minLength: 1, maxLength: 4096 }),
  /** AIM symbology identifier (`]Q1` …) when the scanner sends one. */
  symbology: Type.Optional(Type.String({ maxLength: 3 })),
  kioskId: Type.Optional(Id),
});
export type ScanEvent = Static<typeof ScanEvent>;

export const RatingEvent = Type.Object({
  ...eventBase,
  type: Type.Literal('rating'),
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  counterId: Type.Optional(Id),
});
export type RatingEvent = Static<typeof RatingEvent>;

export const ButtonEvent = Type.Object({
  ...eventBase,
  type: Type.Literal('button'),
  button: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }),
  counterId: Type.Optional(Id),
});
export type ButtonEvent = Static<typeof ButtonEvent>;

export const PrintResultEvent = Type.Object({
  ...eventBase,
  type: Type.Literal('print-result'),
  jobId: Type.String({ minLength: 1, maxLength: 64 }),
  ok: Type.Boolean(),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PrintResultEvent = Static<typeof PrintResultEvent>;

export const DeviceEvent = Type.Union([CardEvent, CardErrorEvent, ScanEvent, RatingEvent, ButtonEvent, PrintResultEvent]);
export type DeviceEvent = Static<typeof DeviceEvent>;

/** A kiosk page tells the hub which service the visitor chose before tapping a card. */
export const KioskSelectEvent = Type.Object({
  v: Type.Literal(1),
  type: Type.Literal('select-service'),
  serviceId: Id,
  at: Type.Optional(EpochMs),
});
export type KioskSelectEvent = Static<typeof KioskSelectEvent>;

// ---------- commands: hub → device (devices/<id>/commands, QoS 1, never retained) ----------

export const PrintAlign = Type.Union([Type.Literal('left'), Type.Literal('center'), Type.Literal('right')]);

/** The hub renders the layout; the bridge only turns these blocks into printer bytes. */
export const PrintBlock = Type.Union([
  Type.Object({
    t: Type.Literal('text'),
    text: Type.String({ maxLength: 500 }),
    align: Type.Optional(PrintAlign),
    /** Character magnification 1–8 (GS !). */
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
    bold: Type.Optional(Type.Boolean()),
  }),
  Type.Object({
    t: Type.Literal('qr'),
    /** ASCII only (node-thermal-printer counts characters, not bytes). */
    data: Type.String({ minLength: 1, maxLength: 500, pattern: '^[\\x20-\\x7E]+$' }),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 8, description: 'module size in dots' })),
    align: Type.Optional(PrintAlign),
  }),
  Type.Object({ t: Type.Literal('feed'), lines: Type.Integer({ minimum: 1, maximum: 10 }) }),
  Type.Object({ t: Type.Literal('rule') }),
]);
export type PrintBlock = Static<typeof PrintBlock>;

export const PrintJob = Type.Object({
  blocks: Type.Array(PrintBlock, { maxItems: 100 }),
  cut: Type.Union([Type.Literal('full'), Type.Literal('partial')]),
});
export type PrintJob = Static<typeof PrintJob>;

const commandBase = { v: Type.Literal(1), at: EpochMs, peripheral: Type.Optional(PeripheralId) };

export const PrintCommand = Type.Object({
  ...commandBase,
  type: Type.Literal('print'),
  jobId: Type.String({ minLength: 1, maxLength: 64 }),
  /** A job that arrives after this (bridge was offline) is reported failed, not printed late. */
  expiresAt: Type.Optional(EpochMs),
  job: PrintJob,
});
export type PrintCommand = Static<typeof PrintCommand>;

export const LedCommand = Type.Object({
  ...commandBase,
  type: Type.Literal('led'),
  text: Type.String({ maxLength: 200 }),
});
export type LedCommand = Static<typeof LedCommand>;

export const BeepCommand = Type.Object({
  ...commandBase,
  type: Type.Literal('beep'),
  pattern: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
});
export type BeepCommand = Static<typeof BeepCommand>;

export const DeviceCommand = Type.Union([PrintCommand, LedCommand, BeepCommand]);
export type DeviceCommand = Static<typeof DeviceCommand>;

/** Hub → kiosk page (on the kiosk's own commands topic): the outcome of a card tap at its bridge. */
export const KioskCardResult = Type.Object({
  v: Type.Literal(1),
  type: Type.Literal('card-result'),
  at: EpochMs,
  ok: Type.Boolean(),
  /** The visitor already held a ticket for the service: this is that ticket, reprinted. */
  existing: Type.Optional(Type.Boolean()),
  ticket: Type.Optional(IssuedTicket),
  serviceName: Type.Optional(Localized),
  identityMasked: Type.Optional(Type.String()),
  printing: Type.Optional(Type.Boolean()),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type KioskCardResult = Static<typeof KioskCardResult>;

/** Hub → kiosk page: what became of a ticket's print job at the kiosk's bridge. */
export const KioskPrintResult = Type.Object({
  v: Type.Literal(1),
  type: Type.Literal('print-result'),
  at: EpochMs,
  jobId: Type.String(),
  ticketId: Type.String(),
  number: Type.String(),
  ok: Type.Boolean(),
  reason: Type.Optional(Type.String()),
});
export type KioskPrintResult = Static<typeof KioskPrintResult>;

export const KioskMessage = Type.Union([KioskCardResult, KioskPrintResult]);
export type KioskMessage = Static<typeof KioskMessage>;

/** `POST /devices/:id/print-ticket`: print a ticket at the bridge serving kiosk `:id`. */
export const PrintTicketBody = Type.Object(
  { ticketId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type PrintTicketBody = Static<typeof PrintTicketBody>;

export const PrintTicketReply = Type.Object({
  jobId: Type.String(),
  bridgeId: Type.String(),
  /** The printer's condition when the job was sent; the outcome follows as a `print-result`. */
  printer: Type.Optional(PrinterState),
});
export type PrintTicketReply = Static<typeof PrintTicketReply>;

// ---------- REST: device registry ----------

export const DeviceView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]),
  /** Last status or event received from the device. */
  lastSeenAt: Type.Optional(EpochMs),
  kioskId: Type.Optional(Type.String()),
  peripherals: Type.Array(PeripheralStatus),
  /** The first printer's state, for screens that only care about "can this kiosk print". */
  printer: Type.Optional(PrinterState),
  lastPrint: Type.Optional(
    Type.Object({ jobId: Type.String(), ok: Type.Boolean(), reason: Type.Optional(Type.String()), at: EpochMs }),
  ),
  /** Tickets issued but not printed (failed print jobs) since the printer last could print. */
  unprinted: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type DeviceView = Static<typeof DeviceView>;

export const DeviceListReply = Type.Object({ devices: Type.Array(DeviceView) });
export type DeviceListReply = Static<typeof DeviceListReply>;

// ---------- per-device screen settings (set by admins, read by the device) ----------

/** Languages a screen shows: one, or both (zh large, en below). */
export const ScreenLanguages = Type.Union([Type.Literal('zh'), Type.Literal('en'), Type.Literal('both')]);
export type ScreenLanguages = Static<typeof ScreenLanguages>;

/**
 * A paired screen's settings, kept on the device and handed to it by `GET /devices/:id`. Every
 * field is optional (absent = the screen's default); URL parameters still override them.
 */
export const DeviceSettings = Type.Object(
  {
    /** Service ids shown; absent or empty = all. */
    services: Type.Optional(Type.Array(Id, { maxItems: 64 })),
    languages: Type.Optional(ScreenLanguages),
    theme: Type.Optional(Type.Union([Type.Literal('light'), Type.Literal('dark')])),
    /** Spoken announcements (in the shown languages) on or off. */
    voice: Type.Optional(Type.Boolean()),
    /** Times the sentences are said after the chime. */
    repeats: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false },
);
export type DeviceSettings = Static<typeof DeviceSettings>;

/** `GET /devices/:id` for the device itself (or staff): its view plus its settings. */
export const DeviceWithSettings = Type.Object({ ...DeviceView.properties, settings: Type.Optional(DeviceSettings) });
export type DeviceWithSettings = Static<typeof DeviceWithSettings>;
