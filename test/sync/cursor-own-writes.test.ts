// The Busy cursor after an import: the first incremental re-reads the import's own writes; when
// that read comes at least the overlap window after those writes were answered, the window is
// already complete and the next (idle) run reads strictly after the cursor: one page, no re-read.
import { afterEach, describe, expect, it } from 'vitest';
import { patchProject } from '../../utils/busy/projects';
import { firstSyncSeed, startWorld, type World } from './harness';

const SETTLED = '#settled';
let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** The world with a local clock the test moves (the sims keep their own, also moved). */
async function world() {
  w = await startWorld(firstSyncSeed());
  let local = Date.parse('2030-01-01T00:00:00.000Z');
  w.deps.now = () => new Date(local);
  const urls: string[] = [];
  const http = w.deps.busy.http;
  w.deps.busy = {
    ...w.deps.busy,
    http: (u, i) => {
      urls.push(`${i.method ?? 'GET'} ${u}`);
      return http(u, i);
    },
  };
  const advance = (ms: number) => {
    local += ms;
    w!.clock.advance(ms);
  };
  const projectReads = () => urls.filter((u) => /^GET .*\/projects\/\?/.test(u)); // the spec spelling (issue 14)
  return { w, advance, urls, projectReads };
}

describe("Busy cursor and the engine's own writes", () => {
  it('first incremental ≥ overlap after the import: its cursor is settled at once and the idle run reads strictly after it', async () => {
    const { w, advance, urls, projectReads } = await world();
    const imp = await w.sync('full');
    expect(imp.ok).toBe(true);
    expect(imp.counts.project.busy.created).toBeGreaterThan(0);
    const afterImport = await w.store.cursors.get('project', 'busy');
    expect(afterImport?.ownWrites).toBeDefined();

    advance(3 * 60_000);
    const inc1 = await w.sync('incremental');
    expect(inc1.ok).toBe(true);
    const c1 = await w.store.cursors.get('project', 'busy');
    expect(c1!.at > afterImport!.at).toBe(true); // it moved over the import's own writes
    expect(c1!.idsAtCursor).toContain(SETTLED);

    urls.length = 0;
    advance(60_000);
    const idle = await w.sync('incremental');
    expect(idle.ok).toBe(true);
    expect(projectReads()).toHaveLength(1);
    const from = new URL(projectReads()[0]!.slice(4)).searchParams.get('updatedFrom');
    expect(Date.parse(from!)).toBe(Date.parse(c1!.at) + 1);
  });

  it('first incremental right after the import: the window is not proven complete, so it is re-read once (as before)', async () => {
    const { w, advance } = await world();
    expect((await w.sync('full')).ok).toBe(true);
    advance(1000);
    expect((await w.sync('incremental')).ok).toBe(true);
    const c1 = await w.store.cursors.get('project', 'busy');
    expect(c1!.idsAtCursor).not.toContain(SETTLED);
    advance(1000);
    expect((await w.sync('incremental')).ok).toBe(true);
    expect((await w.store.cursors.get('project', 'busy'))!.idsAtCursor).toContain(SETTLED);
  });

  it('a change by someone else stamped after our own writes keeps the window open', async () => {
    const { w, advance } = await world();
    expect((await w.sync('full')).ok).toBe(true);
    advance(3 * 60_000);
    const p = [...w.busy.state.projects.values()][0]!;
    await patchProject(w.busyClient, p.id, { name: `${p.name} (edited in Busy)` });
    expect((await w.sync('incremental')).ok).toBe(true);
    const c1 = await w.store.cursors.get('project', 'busy');
    expect(c1!.idsAtCursor).not.toContain(SETTLED);
  });
});
