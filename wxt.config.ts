import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { SIM_PORTS } from './test/sim/ports';

// The one place where the build that runs against the simulators differs from production:
// SIM_BUILD=1 adds the loopback hosts and makes the simulators' fixed ports the default base URLs.
const SIM = process.env.SIM_BUILD === '1';
/**
 * Sim builds only: a preset hour-transfer mode. Firefox's test driver cannot open extension pages,
 * so the Firefox hours test uses a sim build whose mode is already chosen (in its own folder).
 */
const SIM_TRANSFER_MODE = SIM ? (process.env.SIM_TRANSFER_MODE ?? null) : null;
if (SIM_TRANSFER_MODE !== null && !['on-approval', 'on-order', 'never'].includes(SIM_TRANSFER_MODE)) {
  throw new Error(`SIM_TRANSFER_MODE must be on-approval, on-order or never, not ${SIM_TRANSFER_MODE}`);
}

const PRODUCTION_HOSTS = [
  'https://api.24sevenoffice.com/*',
  'https://webservices.24sevenoffice.com/*',
  'https://api.busy.no/*',
  'https://app.busy.no/*',
];
const SIMULATOR_HOSTS = [
  'http://api.24so.localhost/*',
  'http://webservices.24so.localhost/*',
  'http://api.busy.localhost/*',
  'http://app.busy.localhost/*',
];
export const HOST_PERMISSIONS = SIM ? [...PRODUCTION_HOSTS, ...SIMULATOR_HOSTS] : PRODUCTION_HOSTS;

/** Base URLs the extension starts with; the options page changes them. */
export const DEFAULT_BASE_URLS = SIM
  ? {
      tfsoApi: `http://api.24so.localhost:${SIM_PORTS.tfso}`,
      tfsoWebservices: `http://webservices.24so.localhost:${SIM_PORTS.tfso}`,
      busyApi: `http://api.busy.localhost:${SIM_PORTS.busy}/v2`,
      busyWeb: `http://app.busy.localhost:${SIM_PORTS.busy}`,
    }
  : {
      tfsoApi: 'https://api.24sevenoffice.com',
      tfsoWebservices: 'https://webservices.24sevenoffice.com',
      busyApi: 'https://api.busy.no/v2',
      busyWeb: 'https://app.busy.no',
    };

export default defineConfig({
  outDir: SIM ? (SIM_TRANSFER_MODE ? `.output-sim-${SIM_TRANSFER_MODE}` : '.output-sim') : '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    define: {
      __DEFAULT_BASE_URLS__: JSON.stringify(DEFAULT_BASE_URLS),
      __DEFAULT_TRANSFER_MODE__: JSON.stringify(SIM_TRANSFER_MODE),
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'nb',
    permissions: ['storage', 'alarms', 'cookies'],
    host_permissions: HOST_PERMISSIONS,
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'busy-24so-sync@fjordlys.no',
              strict_min_version: '115.0',
              // Data moves only between the user's own Busy and 24SO accounts; nothing reaches us.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  hooks: {
    // The content script uses the browser's own extension API, not webextension-polyfill (it must
    // stay small; why and how: utils/platform/native-browser.ts). WXT's content-script runtime
    // imports `wxt/browser` too, so the alias is swapped for that build only.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = config.resolve?.alias ?? {};
      const rest = Array.isArray(alias) ? alias : Object.entries(alias).map(([find, replacement]) => ({ find, replacement }));
      config.resolve = {
        ...config.resolve,
        alias: [
          { find: /^wxt\/browser$/, replacement: fileURLToPath(new URL('./utils/platform/native-browser.ts', import.meta.url)) },
          ...rest.filter((a) => a.find !== 'wxt/browser'),
        ],
      };
    },
    // Content scripts declare the production Busy host; the sim build adds the simulator's.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!SIM) return;
      for (const cs of manifest.content_scripts ?? []) {
        if (cs.matches?.includes('https://app.busy.no/*')) cs.matches.push('http://app.busy.localhost/*');
      }
    },
  },
  zip: { name: 'busy-24so-sync' },
});
