/**
 * The kiosk's device identity, kept in the browser's local storage once a supervisor approved
 * its pairing: `{ deviceId, token }`. The logic is shared with the waiting-room board
 * (`@callboard/hub/client`, pairing.ts); only the storage key is the kiosk's own.
 */
import {
  type CredentialStore,
  clearCredentialsAt,
  type DeviceCredentials,
  loadCredentialsAt,
  saveCredentialsAt,
} from '@callboard/hub/client';

export { credentialsFor, type DeviceCredentials, isCredentials, tokenFromFragment } from '@callboard/hub/client';

export const CREDENTIALS_KEY = 'callboard.kiosk.device';

export function loadCredentials(store: CredentialStore): DeviceCredentials | null {
  return loadCredentialsAt(store, CREDENTIALS_KEY);
}

export function saveCredentials(store: CredentialStore, creds: DeviceCredentials): void {
  saveCredentialsAt(store, CREDENTIALS_KEY, creds);
}

export function clearCredentials(store: CredentialStore): void {
  clearCredentialsAt(store, CREDENTIALS_KEY);
}
