/** Injected by wxt.config.ts: production hosts, or the simulators' in the SIM_BUILD. */
declare const __DEFAULT_BASE_URLS__: {
  tfsoApi: string;
  tfsoWebservices: string;
  busyApi: string;
  busyWeb: string;
};

/** Null in every real build; a preset mode only in the Firefox test's sim build (wxt.config.ts). */
declare const __DEFAULT_TRANSFER_MODE__: 'on-approval' | 'on-order' | 'never' | null;
