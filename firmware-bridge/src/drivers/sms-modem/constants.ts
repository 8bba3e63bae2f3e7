/** SMS modems (GSM/LTE "短信猫") in PDU mode: AT commands over serial (3GPP TS 27.005, 23.040). */

export const DEFAULT_BAUD = 115200;
/** Ends the PDU after `AT+CMGS=<n>` and its `> ` prompt. */
export const CTRL_Z = 0x1a;
/** Aborts a PDU being typed (after a prompt that got no PDU). */
export const ESC = 0x1b;
/** A reply line longer than this is garbage (the longest PDU line is under 400 hex digits). */
export const MAX_LINE = 1024;

/** How long the modem may take: a plain command, and a send (the network round trip). */
export const COMMAND_TIMEOUT_MS = 3000;
export const SEND_TIMEOUT_MS = 30_000;

/** Characters a part may hold: alone, and with the 6-byte concatenation header. */
export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

/** TP-DCS: GSM 7-bit default alphabet, and UCS-2 (16-bit). */
export const DCS_GSM7 = 0x00;
export const DCS_UCS2 = 0x08;

/**
 * `+CMS ERROR` codes after which the same PDU will never go (27.005 §3.2.5): the modem or the
 * network refused what we built or where it goes. Everything else (network busy 38/42/47, memory,
 * SIM busy 515, unknown 500) may go on a later try.
 */
export const PERMANENT_CMS = new Set([
  1, // unassigned (unallocated) number
  21, // short message transfer rejected
  28, // unidentified subscriber
  96, // invalid mandatory information
  304, // invalid PDU mode parameter
  305, // invalid text mode parameter
]);
