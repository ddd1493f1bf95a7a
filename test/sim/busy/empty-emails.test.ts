// Issue 14: `emptyEmails` — the real Busy serves users without an address with `"email": ""`,
// against its own schema (format: email). The demo seed marks two such users: one a 24SO user
// (found by other means, e.g. employeeCode), one not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSeed } from '../seeds/index.js';
import { api, control, startHarness, type Harness } from './harness.js';
import { ProjectUserSchema, RealProjectUserSchema, RealUserSchema, UserSchema } from './schemas.js';

const seed = makeSeed('demo');
const emailless = seed.busy.users.filter((u) => u.emailless);
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: makeSeed('demo') });
});
afterAll(async () => {
  await h.close();
});

const users = async () => (await api(h, 'GET', '/users?limit=100&isActive=all')).json.data as Record<string, unknown>[];

describe('issue 14: emptyEmails', () => {
  it('the demo seed has two emailless users: one a 24SO user with an employeeCode, one without a 24SO user', () => {
    expect(emailless).toHaveLength(2);
    expect(emailless.filter((u) => u.tfsoContactId !== null && u.employeeCode !== null)).toHaveLength(1);
    expect(emailless.filter((u) => u.tfsoContactId === null)).toHaveLength(1);
    expect(emailless.every((u) => !u.isAdmin)).toBe(true);
  });

  it('off (default): every user has its address and passes the public schema', async () => {
    const all = await users();
    expect(all).toHaveLength(seed.busy.users.length);
    for (const u of all) expect(UserSchema.safeParse(u).success, String(u.email)).toBe(true);
  });

  it('on: exactly the emailless users are served with "", everywhere a user is served; the deviation is the email and nothing else', async () => {
    expect((await control(h, 'POST', '/config', { emptyEmails: true })).json.emptyEmails).toBe(true);
    const all = await users();
    const blank = all
      .filter((u) => u.email === '')
      .map((u) => u.id)
      .sort();
    expect(blank).toEqual(emailless.map((u) => u.id).sort());
    for (const u of all) {
      expect(RealUserSchema.safeParse(u).success).toBe(true);
      const pub = UserSchema.safeParse(u);
      if (u.email === '') expect(pub.error?.issues.map((i) => i.path.join('.'))).toEqual(['email']);
      else expect(pub.success).toBe(true);
    }
    const one = emailless[0]!;
    expect((await api(h, 'GET', `/users/${one.id}`)).json.data.email).toBe('');
    // As project members (ProjectUser) too.
    const project = seed.busy.projects.find((p) => p.userIds.some((id) => emailless.some((u) => u.id === id)))!;
    const members = (await api(h, 'GET', `/projects/${project.id}/users?limit=100`)).json.data as Record<string, unknown>[];
    const blankMember = members.find((m) => m.email === '')!;
    expect(blankMember).toBeDefined();
    expect(RealProjectUserSchema.safeParse(blankMember).success).toBe(true);
    expect(ProjectUserSchema.safeParse(blankMember).error?.issues.map((i) => i.path.join('.'))).toEqual(['email']);
    // The other ways to match a person still work: the mapped one keeps its employeeCode.
    const mapped = emailless.find((u) => u.tfsoContactId !== null)!;
    expect(all.find((u) => u.id === mapped.id)).toMatchObject({
      email: '',
      employeeCode: mapped.employeeCode,
      displayName: mapped.displayName,
    });
  });

  it('survives a reseed; off again restores the addresses', async () => {
    await control(h, 'POST', '/config', { emptyEmails: true });
    await control(h, 'POST', '/seed', { seed: 'demo' });
    expect((await users()).filter((u) => u.email === '')).toHaveLength(2);
    await control(h, 'POST', '/config', { emptyEmails: false });
    expect((await users()).filter((u) => u.email === '')).toEqual([]);
  });

  it('startBusySim({ emptyEmails: true }) starts so', async () => {
    const h2 = await startHarness({ seed: makeSeed('demo'), emptyEmails: true });
    try {
      expect((await api(h2, 'GET', '/users?limit=100')).json.data.filter((u: { email: string }) => u.email === '')).toHaveLength(2);
    } finally {
      await h2.close();
    }
  });
});
