/** Checks on what devices send: the payload read as JSON, and the sender kind's capabilities. */

/** A message payload as JSON; undefined when it is not JSON. */
export function parsePayload(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Whether a paired device of this kind may send this; refusals are counted and logged (never the payload). */
export function withinCapabilities(
  deps: { kindOf?: (deviceId: string) => string | undefined; log: { warn(obj: object, msg?: string): void } },
  stats: { refused: number },
  deviceId: string,
  check: (kind: string | undefined) => boolean,
  what: string,
): boolean {
  if (!deps.kindOf) return true;
  const kind = deps.kindOf(deviceId);
  if (check(kind)) return true;
  stats.refused++;
  deps.log.warn({ device: deviceId, kind: kind ?? 'not paired' }, `device ${what} outside its kind's capabilities; ignored`);
  return false;
}
