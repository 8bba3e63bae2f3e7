/**
 * Rating pad line protocol (Callboard's own, documented in docs/devices.md), 9600 8N1, ASCII
 * lines ending in CR LF (configurable):
 *   pad → host   `RATE n`  (n = 1…5, the visitor pressed a face)
 *                `KEY name` (a function key: `call`, `recall`, `pause` …)
 *                `HELLO model` (sent at power-on; ignored)
 *   host → pad   `ASK ticket` (light the faces: "please rate your visit A023")
 *                `IDLE` (faces off)   `BEEP`
 */
export const DEFAULT_BAUD = 9600;
export const MAX_LINE = 64;
