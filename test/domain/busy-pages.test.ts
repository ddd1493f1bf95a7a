import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { startHarness, webLogin, type Harness } from '../sim/busy/harness';
import { isApprovalPage, readApprovalView } from '../../utils/domain/busy-pages';

// One test per page the content script relies on: the simulated Busy web app's real HTML, read
// with the same function the content script uses.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await webLogin(h);
});
afterAll(async () => h?.close());

async function page(path: string) {
  const res = await h.fetch(`${h.sim.web}${path}`);
  return parseHTML(await res.text()).document as unknown as Document;
}

const someUser = () => [...h.sim.state.users.values()].find((u) => u.isActive)!;
const someProject = () => [...h.sim.state.projects.values()].find((p) => p.isActive)!;

describe('Busy pages the content script relies on', () => {
  it('R23: the per-person approval page (one week) names the person and the week', async () => {
    const user = someUser();
    const path = `/approval/users/${user.id}?week=2026-W47`;
    expect(isApprovalPage(`${h.sim.web}${path}`)).toBe(true);
    expect(readApprovalView(await page(path))).toEqual({ kind: 'user', userId: user.id, from: '2026-11-16', to: '2026-11-22' });
  });

  it('R23: the per-project approval page (a period) names the project and the period', async () => {
    const project = someProject();
    const path = `/approval/projects/${project.id}?from=2026-11-01&to=2026-11-30`;
    expect(isApprovalPage(`${h.sim.web}${path}`)).toBe(true);
    expect(readApprovalView(await page(path))).toEqual({ kind: 'project', projectId: project.id, from: '2026-11-01', to: '2026-11-30' });
  });

  it('R23: the fragment a client-side navigation swaps in carries the same view attributes', async () => {
    const user = someUser();
    const doc = await page(`/approval/users/${user.id}?week=2026-W48&fragment=1`);
    expect(readApprovalView(doc)).toEqual({ kind: 'user', userId: user.id, from: '2026-11-23', to: '2026-11-29' });
  });

  it('other pages are not approval pages: projects list, home, login', async () => {
    for (const path of ['/projects', '/', '/approval']) {
      expect(isApprovalPage(`${h.sim.web}${path}`)).toBe(false);
      expect(readApprovalView(await page(path))).toBeNull();
    }
    expect(isApprovalPage('not a url')).toBe(false);
  });
});
