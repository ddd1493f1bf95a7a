// Heap figures of the engine while it runs. Two views, because V8 collects lazily: `sampledPeak`
// is the largest heapUsed seen every 50 ms (live data plus garbage not yet collected: it grows
// with the heap limit V8 was given), `livePeak` the largest heapUsed right after a major GC (the
// data the run really holds). The capped-heap run (capped-import.ts) is the proof that counts:
// the same import in a worker whose heap cannot grow past the limit.
import { PerformanceObserver, constants } from 'node:perf_hooks';

export interface HeapFigures {
  sampledPeakMB: number;
  livePeakMB: number;
  majorGcs: number;
}

const MB = 1024 * 1024;

export function heapMonitor(): { stop(): HeapFigures } {
  let sampled = process.memoryUsage().heapUsed;
  let live = 0;
  let majors = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      majors++;
      live = Math.max(live, process.memoryUsage().heapUsed);
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  const t = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().heapUsed);
  }, 50);
  return {
    stop() {
      clearInterval(t);
      obs.disconnect();
      const now = process.memoryUsage().heapUsed;
      sampled = Math.max(sampled, now, live);
      // No major GC at all (a small run): what is held now is the best live figure there is.
      if (!majors) live = now;
      return { sampledPeakMB: sampled / MB, livePeakMB: live / MB, majorGcs: majors };
    },
  };
}
