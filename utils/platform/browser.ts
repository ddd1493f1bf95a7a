import { browser } from 'wxt/browser';
import { defaultSettings, parseStoredSettings, type Settings, type SettingsStore } from '../domain/settings';

// The one thin adapter over browser.* that the background wires into the engine-free modules.

const SETTINGS_KEY = 'settings';

export function defaults(): Settings {
  return { ...defaultSettings(__DEFAULT_BASE_URLS__), transferMode: __DEFAULT_TRANSFER_MODE__ };
}

export const browserSettingsStore: SettingsStore = {
  async get() {
    const raw = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
    return parseStoredSettings(raw, defaults());
  },
  async save(next) {
    await browser.storage.local.set({ [SETTINGS_KEY]: next });
  },
};

export interface CookieAccess {
  get(url: string, name: string): Promise<string | null>;
  set(url: string, name: string, value: string): Promise<void>;
}

export const browserCookies: CookieAccess = {
  async get(url, name) {
    const c = await browser.cookies.get({ url, name });
    return c?.value ?? null;
  },
  async set(url, name, value) {
    // Host-only, like the cookie the real server sets on its own host.
    await browser.cookies.set({ url, name, value, path: '/', httpOnly: true });
  },
};

/** Background requests carry the browser's cookies for hosts in host_permissions. */
export const browserFetch = (url: string, init: RequestInit): Promise<Response> => fetch(url, { ...init, credentials: 'include' });
