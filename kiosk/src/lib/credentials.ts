/**
 * The kiosk's device identity, kept in the browser's local storage once a supervisor approved
 * its pairing: `{ deviceId, token }`. The token is the kiosk's password for REST (Bearer) and
 * MQTT (username = device id); it is never shown and never put in a URL the kiosk writes.
 */
export interface DeviceCredentials {
  deviceId: string;
  token: string;
}

export const CREDENTIALS_KEY = 'callboard.kiosk.device';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9_.~-]{8,256}$/;

export function isCredentials(value: unknown): value is DeviceCredentials {
  const v = value as Partial<DeviceCredentials> | null;
  return typeof v?.deviceId === 'string' && ID.test(v.deviceId) && typeof v.token === 'string' && TOKEN.test(v.token);
}

export function loadCredentials(store: Store): DeviceCredentials | null {
  try {
    const parsed: unknown = JSON.parse(store.getItem(CREDENTIALS_KEY) ?? 'null');
    return isCredentials(parsed) ? { deviceId: parsed.deviceId, token: parsed.token } : null;
  } catch {
    return null;
  }
}

export function saveCredentials(store: Store, creds: DeviceCredentials): void {
  store.setItem(CREDENTIALS_KEY, JSON.stringify({ deviceId: creds.deviceId, token: creds.token }));
}

export function clearCredentials(store: Store): void {
  store.removeItem(CREDENTIALS_KEY);
}

/**
 * The credentials this kiosk runs with: the stored ones, when they are for the device the URL
 * names (`?device=`), or when the URL names none. A kiosk whose URL names another device pairs
 * again (a PC moved to another place in the hall keeps no stale identity).
 */
export function credentialsFor(stored: DeviceCredentials | null, urlDevice: string | null): DeviceCredentials | null {
  if (!stored) return null;
  return urlDevice === null || urlDevice === stored.deviceId ? stored : null;
}

/**
 * A provisioning link: `/kiosk/?device=kiosk-1#token=…` (the fragment never reaches a server or
 * its logs). The installer's link, or the demo's, pairs the kiosk without a supervisor; the kiosk
 * stores the token and removes the fragment from the address bar at once.
 */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && TOKEN.test(token) ? token : null;
}
