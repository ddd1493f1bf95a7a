/**
 * The simulators' fixed ports for the demo and the end-to-end tests. The sim build of the
 * extension (SIM_BUILD=1) uses them as its default base URLs, so it runs on its embedded
 * default with no setup. Override both at build and run time with SIM_TFSO_PORT / SIM_BUSY_PORT.
 */
export const SIM_PORTS = {
  tfso: Number(process.env.SIM_TFSO_PORT ?? 47301),
  busy: Number(process.env.SIM_BUSY_PORT ?? 47302),
};
