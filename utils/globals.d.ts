/** Injected by wxt.config.ts: production hosts, or the simulators' in the SIM_BUILD. */
declare const __DEFAULT_BASE_URLS__: {
  tfsoApi: string;
  tfsoWebservices: string;
  busyApi: string;
  busyWeb: string;
};
