// Issue 17: a 24SO name longer than Busy takes arrives cut, and a warning names the record, the
// whole name and what Busy holds; it goes when the name fits again.
import { afterEach, describe, expect, it } from 'vitest';
import { fails, startWorld, tfsoData, type World } from './harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

describe("names cut to the other side's length", () => {
  it("R3: a 60-character customer name is cut to Busy's 50 with a warning naming it; renamed to fit, the warning is resolved", async () => {
    w = await startWorld('demo');
    const c = tfsoData(w).companies.find((x) => x.active)!;
    const long = 'Fjordlys Byggteknikk og Landskapsarkitekter Holding AS Vest'; // 59
    c.name = `${long}!`;
    c.dateChanged = w.clock.fn().toISOString();
    expect(fails(await w.sync('full'))).toBe('');
    const busy = [...w.busy.state.clients.values()].find((x) => x.externalId === String(c.id))!;
    expect(busy.name).toBe(`${long}!`.slice(0, 50));
    const warn = (await w.store.warnings.open()).find((x) => x.key === `nameTruncated:customer:${c.id}`);
    expect(warn?.substitutions).toEqual(['customer', `${long}!`, `${long}!`.slice(0, 50), '50']);
    c.name = 'Fjordlys Byggteknikk AS';
    c.dateChanged = w.clock.fn().toISOString();
    expect(fails(await w.sync('full'))).toBe('');
    expect((await w.store.warnings.open()).some((x) => x.code === 'nameTruncated')).toBe(false);
  });
});
