import { startTfsoSim, type TfsoSim } from '../../sim/tfso/server';
import { startBusySim, type BusySim } from '../../sim/busy/server';
import { makeSeed } from '../../sim/seeds';
import { SIM_PORTS } from '../../sim/ports';
import type { SeedName } from '../../sim/seeds/types';

export interface Sims {
  tfso: TfsoSim;
  busy: BusySim;
  close(): Promise<void>;
}

/** Both simulators on the ports the sim build of the extension points at. */
export async function startSims(seedName: SeedName = 'demo'): Promise<Sims> {
  const seed = makeSeed(seedName);
  const tfso = await startTfsoSim({ port: SIM_PORTS.tfso, seed });
  const busy = await startBusySim({ port: SIM_PORTS.busy, seed });
  return {
    tfso,
    busy,
    async close() {
      await Promise.all([tfso.close(), busy.close()]);
    },
  };
}
