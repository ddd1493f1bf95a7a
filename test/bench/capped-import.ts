// The heap goal, proven rather than sampled: the initial import runs again (on freshly reseeded
// simulators) in a worker thread whose V8 heap is capped at `capMB` (old + young generation).
// If the engine needed more, V8 would stop the worker with ERR_WORKER_OUT_OF_MEMORY. The store
// (fake-indexeddb) lives in that same heap, which a browser's IndexedDB does not: the cap is
// stricter than production.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createLeanFetch } from '../support/lean-fetch';
import { runSync } from '../../utils/sync/engine';
import { heapMonitor, type HeapFigures } from './heap';
import { engineSide } from './world';
import type { SimsInfo } from './sims';

export type CappedImport =
  | { capMB: number; completed: true; ok: boolean; error?: string; ms: number; heap: HeapFigures }
  | { capMB: number; completed: false; error: string };

const YOUNG_MB = 16;

export function cappedImport(info: SimsInfo, capMB: number): Promise<CappedImport> {
  return new Promise((resolve) => {
    // The worker loads this TypeScript file through tsx, registered in the worker itself.
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const w = new Worker(boot, {
      eval: true,
      workerData: { cappedImport: true, info },
      resourceLimits: { maxOldGenerationSizeMb: capMB - YOUNG_MB, maxYoungGenerationSizeMb: YOUNG_MB },
    });
    let answered = false;
    w.on('message', (m: Omit<Extract<CappedImport, { completed: true }>, 'capMB' | 'completed'>) => {
      answered = true;
      resolve({ capMB, completed: true, ...m });
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (!answered) resolve({ capMB, completed: false, error: `${e.code ?? 'error'}: ${e.message}` });
    });
    w.on('exit', (code) => {
      if (!answered) resolve({ capMB, completed: false, error: `worker exited with ${code}` });
    });
  });
}

if (!isMainThread && (workerData as { cappedImport?: boolean } | null)?.cappedImport) {
  const { info } = workerData as { info: SimsInfo };
  const fetch = createLeanFetch();
  const { deps, store } = await engineSide(info, fetch);
  const heap = heapMonitor();
  const t0 = performance.now();
  const r = await runSync(deps, 'full');
  const ms = performance.now() - t0;
  parentPort!.postMessage({ ok: r.ok, ...(r.error ? { error: `${r.error.code}: ${r.error.message}` } : {}), ms, heap: heap.stop() });
  store.close();
  await fetch.close();
}
