import { describe, expect, it } from 'vitest';
import { attentionItems, dismissFingerprint, type AttentionInput } from '../../utils/domain/attention';
import { plainError } from '../../utils/domain/said';
import type { Warning } from '../../utils/store/types';

// Issue 17: warnings a person can act on. One severity scale; the user's words (the operation, an
// HTTP method and path, never in the sentence; the server's text only as the detail); the record
// named, a link, the action; dismiss only where it is safe.

const urls = {
  tfsoApi: 'https://api.24sevenoffice.com',
  tfsoWebservices: 'https://webservices.24sevenoffice.com',
  busyApi: 'https://api.busy.no/v2',
  busyWeb: 'https://app.busy.no',
};
const w = (code: string, key: string, messageKey: string, substitutions: string[], createdAt = '2026-11-20T10:00:00.000Z'): Warning => ({
  code,
  key,
  messageKey,
  substitutions,
  createdAt,
});
const input = (warnings: Warning[], extra: Partial<AttentionInput> = {}): AttentionInput => ({
  warnings,
  dismissed: {},
  urls,
  lastRun: null,
  pausedUntil: null,
  ...extra,
});
/** Everything a reader sees of an item but the folded detail. */
const visible = (i: ReturnType<typeof attentionItems>[number]) => JSON.stringify([i.messageKey, i.args, i.also]);
const HTTP = /\b(GET|POST|PUT|PATCH|DELETE) \/|\/[a-z]+\/|\.asmx/;

describe('attention items', () => {
  it("a record Busy refused: its kind in the reader's words, its name, the server's text folded, no operation in the sentence", () => {
    const [item] = attentionItems(
      input([
        w('writeRejected', 'writeRejected:project:9:create', 'warnWriteRejected', [
          'project',
          'Ny kontorbygg Bergen',
          'POST /projects',
          'Name is too long',
        ]),
      ]),
    );
    expect(item).toMatchObject({
      severity: 'action',
      messageKey: 'warnWriteRejectedPlain',
      args: [{ key: 'kindWordProject' }, 'Ny kontorbygg Bergen'],
      detail: 'Name is too long',
    });
    expect(visible(item!)).not.toMatch(HTTP);
    expect(item!.link).toEqual({ labelKey: 'openProjectsInBusy', url: 'https://app.busy.no/projects' });
  });

  it('a project number already in use: "free this number", with the link to Busy', () => {
    const [item] = attentionItems(
      input([
        w('writeRejected', 'writeRejected:project:9:create', 'warnWriteRejected', [
          'project',
          'Ny kontorbygg Bergen',
          'POST /projects',
          'Project number 99902 is already in use',
        ]),
      ]),
    );
    expect(item).toMatchObject({
      messageKey: 'warnNumberTakenPlain',
      args: ['Ny kontorbygg Bergen'],
      link: { labelKey: 'freeNumberInBusy' },
    });
    expect(visible(item!)).not.toMatch(HTTP);
    // When the engine names the holder (code numberInUse), the link opens that project.
    const [named] = attentionItems(
      input([w('numberInUse', 'numberInUse:9', 'warnNumberInUse', ['Ny kontorbygg Bergen', '99902', 'Gammelt kontorbygg', '77'])]),
    );
    expect(named).toMatchObject({
      args: ['Ny kontorbygg Bergen', '99902', 'Gammelt kontorbygg'],
      link: { url: 'https://app.busy.no/approval/projects/77' },
    });
  });

  it('a customer only in Busy: needs action, "create it in 24SO"; a match to decide: "decide in the plan"', () => {
    const items = attentionItems(
      input([
        w('busyOnlyCustomer', 'busyOnlyCustomer:5', 'warnBusyOnlyCustomer', ['Lie Design']),
        w('matchDecision', 'decision:project:busy:3', 'warnMatchDecision', ['Havn', '«Havn AS»', '12']),
      ]),
    );
    expect(items.find((i) => i.key === 'busyOnlyCustomer:5')).toMatchObject({
      severity: 'action',
      link: { labelKey: 'createInTfso', url: 'https://app.24sevenoffice.com/' },
      dismissable: false,
    });
    expect(items.find((i) => i.key.startsWith('decision'))).toMatchObject({
      severity: 'action',
      action: { section: 'step-plan' },
      dismissable: false,
    });
  });

  it("a name cut to the other side's length names the record, the full and the cut name and the limit; it may be dismissed", () => {
    const [item] = attentionItems(
      input([
        w('nameTruncated', 'nameTruncated:customer:44', 'warnNameTruncated', [
          'customer',
          'Fjordlys Arkitekter Holding og Eiendomsforvaltning Vestland AS',
          'Fjordlys Arkitekter Holding og Eiendomsforvaltning',
          '50',
        ]),
      ]),
    );
    expect(item).toMatchObject({
      severity: 'action',
      messageKey: 'warnNameTruncated',
      dismissable: true,
      args: [
        { key: 'kindWordCustomer' },
        'Fjordlys Arkitekter Holding og Eiendomsforvaltning Vestland AS',
        'Fjordlys Arkitekter Holding og Eiendomsforvaltning',
        '50',
      ],
    });
  });

  it('one severity scale: a stop to protect data is an error, an overwritten value is info; most severe first, then newest', () => {
    const items = attentionItems(
      input([
        w(
          'conflictOverwritten',
          'conflict:project:1:name:r1',
          'warnConflictOverwritten',
          ['project', 'A', 'name', 'x', 'y'],
          '2026-11-20T12:00:00.000Z',
        ),
        w('busyOnlyCustomer', 'busyOnlyCustomer:5', 'warnBusyOnlyCustomer', ['Lie'], '2026-11-20T09:00:00.000Z'),
        w(
          'massDisappearance',
          'massDisappearance:project:busy',
          'warnMassDisappearance',
          ['project', 'busy', '3', '20'],
          '2026-11-20T08:00:00.000Z',
        ),
        w('busyOnlyCustomer', 'busyOnlyCustomer:6', 'warnBusyOnlyCustomer', ['Berg'], '2026-11-20T11:00:00.000Z'),
      ]),
    );
    expect(items.map((i) => [i.severity, i.key])).toEqual([
      ['error', 'massDisappearance:project:busy'],
      ['action', 'busyOnlyCustomer:6'],
      ['action', 'busyOnlyCustomer:5'],
      ['info', 'conflict:project:1:name:r1'],
    ]);
    expect(items[0]!.args).toEqual([{ key: 'kindWordProject' }, { key: 'systemBusy' }, '3', '20']);
    expect(items[3]).toMatchObject({ dismissable: true, args: [{ key: 'kindWordProject' }, 'A', { key: 'fieldName' }, 'x', 'y'] });
  });

  it('a dismissed notice stays hidden while it says the same; changed, it shows again', () => {
    const info = w('conflictOverwritten', 'conflict:project:1:name:r1', 'warnConflictOverwritten', ['project', 'A', 'name', 'x', 'y']);
    expect(attentionItems(input([info], { dismissed: { [info.key]: dismissFingerprint(info) } }))).toEqual([]);
    const changed = { ...info, substitutions: ['project', 'A', 'name', 'x', 'z'] };
    expect(attentionItems(input([changed], { dismissed: { [info.key]: dismissFingerprint(info) } }))).toHaveLength(1);
  });

  it('old errors are cleared when their cause is gone: a run stopped by the connection is not an item (the connection says it), another stop is', () => {
    for (const code of ['session_missing', 'unreachable', 'identity_mismatch', 'token_refused', 'rate_limited']) {
      const lastRun = {
        trigger: 'projects',
        finishedAt: '2026-11-20T10:00:00.000Z',
        ok: false,
        error: { code, messageKey: 'errX', substitutions: [] },
      };
      expect(attentionItems(input([], { lastRun })), code).toEqual([]);
    }
    const lastRun = {
      trigger: 'projects',
      finishedAt: '2026-11-20T10:00:00.000Z',
      ok: false,
      error: {
        code: 'remote_fault',
        messageKey: 'errRemoteFaultBusy',
        substitutions: ['PATCH /projects/{projectId}', 'Validation failed'],
      },
    };
    const [item] = attentionItems(input([], { lastRun }));
    expect(item).toMatchObject({
      severity: 'error',
      messageKey: 'attnRunStopped',
      args: [{ time: lastRun.finishedAt }],
      also: { messageKey: 'errRemoteFaultBusyPlain', args: [] },
      detail: 'Validation failed',
    });
    expect(visible(item!)).not.toMatch(HTTP);
    // A successful run is the newest: nothing to say.
    expect(attentionItems(input([], { lastRun: { ...lastRun, ok: true, error: null } }))).toEqual([]);
  });

  it('a pause the services asked for is said with its end', () => {
    expect(attentionItems(input([], { pausedUntil: '2026-11-20T10:05:00.000Z' }))).toMatchObject([
      { severity: 'info', messageKey: 'attnPausedUntil', args: [{ time: '2026-11-20T10:05:00.000Z' }] },
    ]);
  });

  it("the hour transfer's notices are done by hand in 24SO (a link there); an uncertain order may not be dismissed", () => {
    const items = attentionItems(
      input([
        w('hours_locked_in_tfso', 'hoursLocked:1', 'hoursLockedInTfso', ['77', 'update']),
        w('order_uncertain', 'orderUncertain:9', 'orderUncertain', ['9', 'Busy 9']),
      ]),
    );
    expect(items.find((i) => i.key === 'hoursLocked:1')).toMatchObject({
      severity: 'action',
      link: { labelKey: 'openInTfso' },
      dismissable: true,
    });
    expect(items.find((i) => i.key === 'orderUncertain:9')).toMatchObject({ dismissable: false });
  });
});

describe('warnings of the capabilities and of several browsers', () => {
  it('what the admin must do by hand is "needs action" with where to do it, and names no operation', () => {
    const items = attentionItems(
      input([
        w('manualWorkTypes', 'manual:workType:create', 'warnCreateWorkTypesByHand', ['«Reise», «Kurs»']),
        w('manualAssignees', 'manual:task:assignees', 'warnAssignTasksByHand', ['Oppgave A: Kari']),
        w('duplicateResolved', 'duplicateResolved:project:busy:12', 'warnDuplicateResolved', ['project', 'Havn', '90', '88']),
      ]),
    );
    expect(items.find((i) => i.key === 'manual:workType:create')).toMatchObject({
      severity: 'action',
      messageKey: 'warnCreateWorkTypesByHandPlain',
      args: ['«Reise», «Kurs»'],
      link: { labelKey: 'openInTfso' },
    });
    expect(items.find((i) => i.key === 'manual:task:assignees')).toMatchObject({
      severity: 'action',
      link: { url: 'https://app.busy.no/projects' },
    });
    expect(items.find((i) => i.key.startsWith('duplicateResolved'))).toMatchObject({
      severity: 'info',
      dismissable: true,
      args: [{ key: 'kindWordProject' }, 'Havn', '90', '88'],
    });
  });
});

describe('plainError', () => {
  it("leaves the operation out of the sentence; the server's text (or the field) is the detail", () => {
    expect(plainError({ messageKey: 'errRemoteFaultTfso', substitutions: ['SaveProject', 'Project name exists'] })).toEqual({
      said: { messageKey: 'errRemoteFaultTfsoPlain', args: [] },
      detail: 'Project name exists',
    });
    expect(plainError({ messageKey: 'errBadResponse', substitutions: ['GET /users', 'data[3].id'] })).toEqual({
      said: { messageKey: 'errBadResponsePlain', args: [] },
      detail: 'data[3].id',
    });
    expect(
      plainError({ messageKey: 'errBusyMissingScope', substitutions: ['PATCH /hourEntries/{hourEntryId}', 'projects:write'] }),
    ).toEqual({ said: { messageKey: 'errBusyMissingScopePlain', args: ['projects:write'] }, detail: null });
    expect(plainError({ messageKey: 'errSessionMissingBusy', substitutions: [] })).toEqual({
      said: { messageKey: 'errSessionMissingBusy', args: [] },
      detail: null,
    });
  });
});
