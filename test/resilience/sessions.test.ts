import { describe, expect, it } from 'vitest';
import { startWorld, tfsoData } from '../sync/harness';
import { interruptSeed, snapshot } from '../sync/interrupt';
import { setIdentityById } from '../../utils/tfso/auth';
import { establishSession } from '../../utils/tfso/session';

// Issue 5, sessions: a session ending mid-run stops the run cleanly, naming the system; after
// logging in again the next run finishes the work. A 24SO identity switched to another client
// must not write one company's data into another's.

const READS = /^(GET |Get|Login$|HasSession$|Authenticate$|SetIdentityById$)/;

describe('sessions', () => {
  it.each(['tfso', 'busy'] as const)(
    '%s session expiring in the middle of a first full sync: stops with session_missing for that system; after logging in again the next run reaches the clean end state',
    async (system) => {
      const clean = await startWorld(interruptSeed());
      const reference = await clean
        .sync('full')
        .then(() => snapshot(clean))
        .finally(() => clean.close());
      const w = await startWorld(interruptSeed());
      try {
        // The session ends once two of these writes are done: the run is cut mid-way.
        const op = system === 'tfso' ? 'SaveProject' : 'POST /projects/{projectId}/users';
        const sim = system === 'tfso' ? w.tfso : w.busy;
        let expired = false;
        const inner = w.deps[system].http;
        w.deps[system].http = async (u, i) => {
          if (!expired && (sim.counts()[op] ?? 0) >= 2) {
            expired = true;
            sim.expireSessions();
          }
          return inner(u, i);
        };
        if (system === 'busy') w.deps.busy.auth = { kind: 'cookie' }; // the web session, which can expire
        if (system === 'busy') {
          // Log in to the Busy web app so the cookie exists.
          const res = await w.fetch(`${w.busy.web}/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ email: w.busy.email, password: w.busy.password }).toString(),
            redirect: 'manual',
          });
          expect(res.status).toBeLessThan(400);
        }
        const r = await w.sync('full');
        expect(expired).toBe(true);
        expect(r.ok).toBe(false);
        expect(r.error?.code).toBe('session_missing');
        expect(r.error?.messageKey).toBe(system === 'tfso' ? 'errSessionMissingTfso' : 'errSessionMissingBusy');
        // Log in again, as the person would in a tab.
        if (system === 'tfso') {
          await establishSession(
            {
              ...w.deps.tfso,
              cookies: { set: async (u, k, v) => w.fetch.jar.set(u, k, v), get: async (u, k) => w.fetch.jar.get(u, k) ?? null },
            },
            { applicationId: w.tfso.applicationId, username: w.tfso.username, password: w.tfso.password },
          );
        } else {
          await w.fetch(`${w.busy.web}/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ email: w.busy.email, password: w.busy.password }).toString(),
            redirect: 'manual',
          });
        }
        const again = await w.sync('full');
        expect(again.ok, again.error?.message).toBe(true);
        expect(snapshot(w)).toEqual(reference);
      } finally {
        await w.close();
      }
    },
  );

  // The connection check already refuses a session on another client than the chosen one
  // (errIdentityMismatch); this is the window between two checks (a status is reused for 5 min).
  it('the 24SO session switched to another client between two status checks: the run stops and writes nothing into that client nor into Busy', async () => {
    const w = await startWorld(interruptSeed());
    try {
      expect((await w.sync('full')).ok).toBe(true);
      const other = w.tfso.state.identities.find((i) => !i.isDefault)!;
      const otherData = () => w.tfso.state.clients[other.clientId]!;
      const before = JSON.stringify(otherData());
      expect(await setIdentityById(w.deps.tfso, other.id)).toBe(true);
      // Something to do, so a confused run would write.
      tfsoData(w).projects[0]!.name += ' (endret)';
      tfsoData(w).projects[0]!.dateChanged = w.clock.fn().toISOString();
      w.busy.resetCounts();
      w.tfso.resetCounts();
      const r = await w.sync('full');
      expect(r.ok).toBe(false);
      console.log(`identity switched: the run stopped with ${r.error?.code}: ${r.error?.message}`);
      expect(JSON.stringify(otherData()), 'nothing written into the other client').toBe(before);
      const writes = Object.keys({ ...w.busy.counts(), ...w.tfso.counts() }).filter((op) => !READS.test(op));
      expect(writes, 'no write on either side').toEqual([]);
    } finally {
      await w.close();
    }
  });
});
