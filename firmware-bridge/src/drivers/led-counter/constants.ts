/**
 * LED counter screen line protocol (Callboard's own, documented in docs/devices.md), 9600 8N1,
 * lines ending in CR LF (configurable), text in GB18030 (configurable: many screens take
 * GB2312, which GB18030 contains):
 *   host → screen   `TEXT <text>`   show text (scrolls when longer than the screen)
 *                   `BRIGHT n`      brightness 0–9
 *                   `CLEAR`
 *   screen → host   `OK` or `ERR <reason>` after each command
 */
export const DEFAULT_BAUD = 9600;
export const MAX_LINE = 256;
export const ACK_TIMEOUT_MS = 1000;
export type LedEncoding = 'gb18030' | 'utf8';
