import { describe, expect, it } from 'vitest';
import { requestSchema } from '../../utils/protocol/requests';
import { responseSchema } from '../../utils/protocol/answers';
import { PlanSchema, type Plan } from '../../utils/sync/plan-schema';
import { TransferLogEntrySchema } from '../../utils/store/hours-types';
import { approvalPathsSchema, baseUrlsSchema, decisionAnswerSchema, transferModeSchema } from '../../utils/domain/settings';
import { statusSchema } from '../../utils/domain/connection-state';

// The pages validate the background's answers with zod/mini mirrors (utils/protocol/answers.ts) of a few
// full-zod schemas the background owns. Their TypeScript types are held equal at compile time;
// here: what the full schemas produce, the mirrors accept, and a broken answer is refused.

const kind = () => ({
  link: [{ busy: { id: '1', name: 'Acme' }, tfso: { id: '10', name: 'Acme AS' }, by: 'orgNumber' as const }],
  createBusy: [{ id: '11', name: 'Fjord' }],
  createTfso: [],
  archive: [],
  updateBusy: [],
  updateTfso: [{ id: '12', name: 'Nord' }],
  busyOnly: [],
  decisions: [
    {
      key: 'customer:busy:2',
      kind: 'customer' as const,
      subject: { side: 'busy' as const, id: '2', name: 'Berg' },
      candidates: [{ id: '13', name: 'Berg AS', why: 'similarName' as const }],
      reason: 'weak' as const,
    },
  ],
});
const plan: Plan = PlanSchema.parse({
  version: 1,
  createdAt: '2026-01-05T10:00:00.000Z',
  kinds: { customer: kind(), workType: kind(), project: kind(), task: kind() },
  users: { link: [{ busy: { id: '5', name: 'Kari' }, tfso: { id: '7', name: 'Kari N' }, by: 'name' }], unmapped: [], decisions: [] },
  openDecisions: 4,
});
const decisions = { 'customer:busy:2': decisionAnswerSchema.parse({ pick: '13' }), x: decisionAnswerSchema.parse({ createNew: true }) };
const logEntry = TransferLogEntrySchema.parse({
  id: 'l1',
  at: '2026-01-05T10:00:00.000+01:00',
  op: 'send',
  busyId: '99',
  tfsoId: 5,
  busyUserId: '5',
  contactId: 7,
  projectId: 3,
  hours: 1.5,
  description: 'Work',
});
const settingsView = {
  urls: baseUrlsSchema.parse({
    tfsoApi: ' https://api.24sevenoffice.com/ ',
    tfsoWebservices: 'https://webservices.24sevenoffice.com',
    busyApi: 'https://api.busy.no/v2',
    busyWeb: 'https://app.busy.no',
  }),
  planConfirmed: false,
  transferMode: transferModeSchema.parse('on-order'),
  hasBusyToken: true,
  tfso: { applicationId: null, username: 'kari' },
  approvalPaths: approvalPathsSchema.parse(['/approval/users/*', '/time/**/approve']),
};
const ok = <T>(data: T) => ({ ok: true, data });

describe('UI answer schemas (zod/mini) against the background’s full schemas', () => {
  it('accept what the full schemas produce', () => {
    expect(responseSchema('plan/get').safeParse(ok({ plan, confirmed: false, decisions })).success).toBe(true);
    expect(responseSchema('hours/log').safeParse(ok([logEntry])).success).toBe(true);
    expect(responseSchema('settings/get').safeParse(ok(settingsView)).success).toBe(true);
    expect(responseSchema('options/open').safeParse(ok(true)).success).toBe(true);
    expect(
      responseSchema('status/get').safeParse(
        ok({
          tfso: { state: 'connected', checkedAt: 'now', who: { name: 'K', contactId: 1, clientId: 2, clientName: 'C', identityId: 'i' } },
          busy: { state: 'notLoggedIn', checkedAt: 'now', loginUrl: 'https://app.busy.no/login' },
        }),
      ).success,
    ).toBe(true);
    expect(responseSchema('sync/state').safeParse({ ok: false, error: { code: 'x', messageKey: 'errX', substitutions: [] } }).success).toBe(
      true,
    );
  });

  it('refuse a broken answer', () => {
    const broken = structuredClone(plan) as unknown as { kinds: { task: { link: { by: string }[] } } };
    broken.kinds.task.link[0]!.by = 'guess';
    expect(responseSchema('plan/get').safeParse(ok({ plan: broken, confirmed: false, decisions })).success).toBe(false);
    expect(responseSchema('hours/log').safeParse(ok([{ ...logEntry, tfsoId: '5' }])).success).toBe(false);
    expect(responseSchema('settings/get').safeParse(ok({ ...settingsView, transferMode: 'always' })).success).toBe(false);
    expect(responseSchema('plan/decide').safeParse(ok({ plan, confirmed: true, decisions: { k: { pick: '' } } })).success).toBe(false);
    expect(responseSchema('options/open').safeParse(ok(false)).success).toBe(false);
    expect(responseSchema('status/get').safeParse(ok({ tfso: { state: 'connected', checkedAt: 'now' }, busy: {} })).success).toBe(false);
    expect(responseSchema('sync/state').safeParse({ ok: false, error: { code: 'x' } }).success).toBe(false);
  });

  it('the connection status mirror accepts and refuses exactly what connection-state’s schema does', () => {
    const tfso = { name: 'K', contactId: 1, clientId: 2, clientName: 'C', identityId: 'i' };
    const conn = (state: string, extra: Record<string, unknown> = {}) => ({ state, checkedAt: 'now', ...extra });
    const samples = [
      { tfso: conn('connected', { who: tfso }), busy: conn('connected', { who: { label: 'x', via: 'session' } }) },
      { tfso: conn('checking'), busy: conn('unreachable', { url: 'http://x' }) },
      { tfso: conn('error', { error: { code: 'c', messageKey: 'k', substitutions: [] } }), busy: conn('notLoggedIn', { loginUrl: 'u' }) },
      { tfso: conn('connected'), busy: conn('checking') },
      { tfso: conn('connected', { who: { ...tfso, contactId: 1.5 } }), busy: conn('checking') },
      { tfso: conn('checking'), busy: conn('connected', { who: { label: 'x', via: 'cookie' } }) },
      { tfso: conn('asleep'), busy: conn('checking') },
      // Issue 17's states, each with its own fields.
      { tfso: conn('wrongTenant', { clientName: 'Holding' }), busy: conn('tokenRefused') },
      { tfso: conn('rateLimited', { until: '2026-01-05T10:05:00Z' }), busy: conn('rateLimited', { until: null }) },
      {
        tfso: conn('checking'),
        busy: conn('forbidden', { error: { code: 'missing_scope', messageKey: 'k', substitutions: ['users:read'] } }),
      },
      { tfso: conn('wrongTenant'), busy: conn('checking') },
      { tfso: conn('checking'), busy: conn('forbidden') },
      { tfso: conn('rateLimited'), busy: conn('checking') },
    ];
    const verdicts = samples.map((s) => [statusSchema.safeParse(s).success, responseSchema('status/get').safeParse(ok(s)).success]);
    expect(verdicts.map(([full]) => full)).toEqual([true, true, true, false, false, false, false, true, true, true, false, false, false]);
    for (const [full, mirror] of verdicts) expect(mirror).toBe(full);
  });

  it('the background’s full-zod request schema validates the zod/mini parts nested in it', () => {
    const view = { kind: 'user', userId: '12', from: '2026-01-05', to: '2026-01-11' };
    expect(requestSchema.safeParse({ type: 'hours/preview', view }).success).toBe(true);
    expect(requestSchema.safeParse({ type: 'hours/preview', view: { ...view, userId: 'x12' } }).success).toBe(false);
    expect(requestSchema.safeParse({ type: 'hours/send', view: { ...view, kind: 'team' } }).success).toBe(false);
  });
});
