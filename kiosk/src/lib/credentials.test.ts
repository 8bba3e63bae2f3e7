import { describe, expect, it } from 'vitest';
import {
  CREDENTIALS_KEY,
  clearCredentials,
  credentialsFor,
  loadCredentials,
  saveCredentials,
  tokenFromFragment,
} from './credentials';

function memoryStore() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('device credentials', () => {
  it('round-trips through storage and can be cleared', () => {
    const store = memoryStore();
    expect(loadCredentials(store)).toBeNull();
    saveCredentials(store, { deviceId: 'kiosk-2', token: 'abcdefgh12345678' });
    expect(JSON.parse(store.data.get(CREDENTIALS_KEY) ?? '')).toEqual({ deviceId: 'kiosk-2', token: 'abcdefgh12345678' });
    expect(loadCredentials(store)).toEqual({ deviceId: 'kiosk-2', token: 'abcdefgh12345678' });
    clearCredentials(store);
    expect(loadCredentials(store)).toBeNull();
  });

  it('ignores damaged or foreign values', () => {
    const store = memoryStore();
    for (const bad of ['{', '"x"', '{"deviceId":"a/b","token":"abcdefgh12345678"}', '{"deviceId":"k","token":"short"}']) {
      store.data.set(CREDENTIALS_KEY, bad);
      expect(loadCredentials(store)).toBeNull();
    }
  });

  it('uses stored credentials only for the device the URL names', () => {
    const creds = { deviceId: 'kiosk-2', token: 'abcdefgh12345678' };
    expect(credentialsFor(creds, null)).toBe(creds);
    expect(credentialsFor(creds, 'kiosk-2')).toBe(creds);
    expect(credentialsFor(creds, 'kiosk-3')).toBeNull();
    expect(credentialsFor(null, 'kiosk-2')).toBeNull();
  });

  it('takes a provisioning token from the URL fragment only', () => {
    expect(tokenFromFragment('#token=demo-kiosk-1-token-0001')).toBe('demo-kiosk-1-token-0001');
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#token=x')).toBeNull();
    expect(tokenFromFragment('#other=demo-kiosk-1-token-0001')).toBeNull();
  });
});
