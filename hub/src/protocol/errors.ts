/**
 * Error codes of the REST API. Every error response is
 * `{ error: { code, message, details? } }`; the code is stable and machine-readable,
 * the message is for humans (English; UIs translate by code).
 */
export const ErrorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_ID_NUMBER: 400,
  UNKNOWN_SERVICE: 400,
  /** An admin's set-up edit with problems; `details.problems` lists each with where it sits. */
  SETUP_INVALID: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  FORBIDDEN: 403,
  /** A clerk at a counter that serves none of their skills (services). */
  FORBIDDEN_COUNTER: 403,
  /** This site issues tickets only at paired kiosks, counters and to API keys (no anonymous issue). */
  ISSUE_NOT_ALLOWED: 403,
  /** Joining from a phone without a verified number, or "I'm here", from outside the site's network. */
  NOT_ON_SITE_NETWORK: 403,
  NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  APPOINTMENT_NOT_FOUND: 404,
  SLOT_NOT_FOUND: 404,
  COUNTER_NOT_FOUND: 404,
  QUEUE_EMPTY: 404,
  ILLEGAL_TRANSITION: 409,
  /** Two-step calling: the room's door list is full (call one in first). */
  DOOR_FULL: 409,
  /** Two-step calling: "call in" with nobody at this room's door, or a ticket at another door. */
  NOT_AT_DOOR: 409,
  /** "Call to door" at a counter that serves no two-step service. */
  TWO_STEP_OFF: 409,
  RECALL_LIMIT: 409,
  COUNTER_CLOSED: 409,
  COUNTER_PAUSED: 409,
  COUNTER_NOT_SERVING_SERVICE: 409,
  COUNTER_TAKEN: 409,
  NOT_COUNTER_TICKET: 409,
  SERVICE_CLOSED: 409,
  ALREADY_WAITING: 409,
  NUMBER_RANGE_EXHAUSTED: 409,
  TRANSFER_SAME_SERVICE: 409,
  DEVICE_EXISTS: 409,
  REQUEUE_EXPIRED: 409,
  /** The ticket was already put back as often as `queue.noShow.maxRequeues` allows. */
  REQUEUE_LIMIT: 409,
  /** A visitor's own re-queue ("I missed my call" at a kiosk) of a ticket that did not miss its call (`details.status`). */
  NOT_REQUEUEABLE: 409,
  /** The set-up was saved by someone else since the editor loaded it. */
  SETUP_CHANGED: 409,
  SLOT_FULL: 409,
  DUPLICATE_BOOKING: 409,
  APPOINTMENT_NOT_ACTIVE: 409,
  CHECK_IN_CLOSED: 409,
  ALREADY_RATED: 409,
  VISIT_NOT_FINISHED: 409,
  /** The visitor already moved this ticket back as often as the site allows. */
  LATE_LIMIT: 409,
  /** This service takes no tickets from phones now (off, past its latest join time, or outside its hours). */
  REMOTE_JOIN_CLOSED: 409,
  /** This site sends no codes by SMS (no transport set up): join on the site's Wi-Fi or at the kiosk. A setting, not an outage. */
  PHONE_CODES_OFF: 409,
  /** The phone code is wrong, expired or used up. */
  PHONE_CODE_INVALID: 409,
  /**
   * The site wants the outcome of every visit chosen (set-up `queue.outcomeRequired`): a finish
   * without one, or a "call next" that would finish the visit at the counter, is refused.
   * `details`: `{ ticketId, number }` of the visit to finish first.
   */
  OUTCOME_REQUIRED: 409,
  /** A person's erasure while they hold a ticket in the queue or a booked appointment: finish or cancel it first. */
  PERSON_HAS_OPEN_RECORDS: 409,
  /**
   * A multi-stop route that cannot be: an unknown service, too many stops, or the same service
   * twice in a row. `details.problem`: `unknown_service` | `too_long` | `repeat`.
   */
  ROUTE_INVALID: 400,
  /** Only the clerk serving a ticket (or a supervisor) changes its route; `details.ticketId`. */
  NOT_SERVING_TICKET: 403,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** The hourly cap on tickets nobody vouches for (per service or per address); kiosks are not capped. */
  ISSUE_LIMIT: 429,
  /** A service's daily cap of tickets taken from phones, or the per-address / per-phone caps on joining. */
  REMOTE_JOIN_LIMIT: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  /** The hub's disk is full: nothing new can be saved (and so nothing is acknowledged) until space is freed. */
  STORAGE_FULL: 503,
  /** Any other failure to write to stable storage; the change was not saved. */
  STORAGE_FAILED: 503,
} as const;

export type ErrorCode = keyof typeof ErrorStatus;

export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
}

/** A coded error; the hub's error handler turns it into `{ error: { code, message } }`. */
export class CallboardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'CallboardError';
    this.code = code;
    this.status = ErrorStatus[code];
    this.details = details;
  }
}
