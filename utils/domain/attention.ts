// What needs the admin's attention, as the popup, the options page and the panel on Busy's pages
// show it (issue 17): one severity scale (error / needs action / info), the user's words (no HTTP
// methods, paths or type names: the server's own text only as a detail), the record named, a link
// that opens it, the action that resolves it, and dismiss only where dismissing is safe.
// Pure: the background passes in the open warnings, the last finished run and the addresses.
import type { Warning } from '../store/types';
import type { BaseUrls } from './settings';
import { loginPageUrl } from './settings';
import { busyRecordUrl } from './busy-pages';
import type { UserError } from './connection-state';
import { plainError, type Arg, type Said } from './said';
import type { OptionsSection } from './options-sections';

export type Severity = 'error' | 'action' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'action', 'info'];

export type { Arg, Said } from './said';

export interface AttentionItem extends Said {
  key: string;
  severity: Severity;
  /** A second sentence: why (e.g. what stopped a run), in its own words. */
  also: Said | null;
  /** The server's own words (or the technical detail), shown folded. */
  detail: string | null;
  /** Opens the record (or the page it is managed on) in Busy or 24SO. */
  link: { labelKey: string; url: string } | null;
  /** What resolves it, in the options page. */
  action: { labelKey: string; section: OptionsSection } | null;
  dismissable: boolean;
  createdAt: string;
}

const KIND_WORDS: Record<string, string> = {
  customer: 'kindWordCustomer',
  project: 'kindWordProject',
  workType: 'kindWordWorkType',
  task: 'kindWordTask',
  user: 'kindWordUser',
  member: 'kindWordMember',
};
const FIELD_WORDS: Record<string, string> = {
  name: 'fieldName',
  active: 'fieldActive',
  customer: 'fieldCustomer',
  assignees: 'fieldAssignees',
  number: 'fieldNumber',
};
const kindArg = (k: string | undefined): Arg => (k && KIND_WORDS[k] ? { key: KIND_WORDS[k]! } : (k ?? ''));
const fieldArg = (f: string | undefined): Arg => (f && FIELD_WORDS[f] ? { key: FIELD_WORDS[f]! } : (f ?? ''));

/** Busy's refusal of a project number (its problem text): the number is held by another project. */
const NUMBER_TAKEN = /\bnumber\b.*\b(in use|already|taken|exists)\b/i;

export interface AttentionInput {
  warnings: readonly Warning[];
  /** Keys the admin dismissed, with the substitutions they had then (a changed warning shows again). */
  dismissed: Readonly<Record<string, string>>;
  urls: BaseUrls;
  /** The newest finished run (ok or not). */
  lastRun: { trigger: string; finishedAt: string; ok: boolean; error: UserError | null } | null;
  /** A rate limit's pause still in force (the scheduled runs wait until then). */
  pausedUntil: string | null;
}

/** A stop whose cause is the connection: the connection card says it (and its fix) while it lasts. */
const CONNECTION_CODES = new Set(['session_missing', 'unreachable', 'identity_mismatch', 'token_refused', 'rate_limited']);

export const dismissFingerprint = (w: Pick<Warning, 'substitutions'>): string => JSON.stringify(w.substitutions);

function fromWarning(w: Warning, urls: BaseUrls): AttentionItem {
  const s = w.substitutions;
  const base = { key: w.key, createdAt: w.createdAt, also: null, detail: null, link: null, action: null, dismissable: false };
  const tfsoApp = { labelKey: 'openInTfso', url: loginPageUrl('tfso', urls) };
  switch (w.code) {
    case 'busyOnlyCustomer':
      // [name]: customers are made in 24SO (R4); once there, the next sync links it.
      return {
        ...base,
        severity: 'action',
        messageKey: 'warnBusyOnlyCustomer',
        args: [s[0] ?? ''],
        link: { labelKey: 'createInTfso', url: tfsoApp.url },
      };
    case 'matchDecision':
      return {
        ...base,
        severity: 'action',
        messageKey: 'warnMatchDecision',
        args: [...s],
        action: { labelKey: 'decideInPlan', section: 'step-plan' },
      };
    case 'writeRejected': {
      // [kind, name, operation, server text]
      const [kind, name, , text] = s;
      const numberTaken = kind === 'project' && NUMBER_TAKEN.test(text ?? '');
      return {
        ...base,
        severity: 'action',
        messageKey: numberTaken ? 'warnNumberTakenPlain' : 'warnWriteRejectedPlain',
        args: numberTaken ? [name ?? ''] : [kindArg(kind), name ?? ''],
        detail: text ?? null,
        link:
          kind === 'project'
            ? { labelKey: numberTaken ? 'freeNumberInBusy' : 'openProjectsInBusy', url: `${urls.busyWeb.replace(/\/+$/, '')}/projects` }
            : null,
      };
    }
    case 'numberInUse': {
      // [name, number, holder's name, holder's Busy id] (the engine names the holder when it can).
      const url = busyRecordUrl(urls.busyWeb, 'project', s[3] ?? '');
      return {
        ...base,
        severity: 'action',
        messageKey: 'warnNumberInUse',
        args: [s[0] ?? '', s[1] ?? '', s[2] ?? ''],
        link: url ? { labelKey: 'freeNumberInBusy', url } : null,
      };
    }
    case 'nameTruncated':
      // [kind, full name, cut name, limit]: nothing is lost in the system that holds the full name.
      return {
        ...base,
        severity: 'action',
        messageKey: 'warnNameTruncated',
        args: [kindArg(s[0]), s[1] ?? '', s[2] ?? '', s[3] ?? ''],
        dismissable: true,
      };
    case 'conflictOverwritten':
    case 'conflictKeptBusy':
      // [kind, name, field, Busy value, 24SO value]: done and recorded; nothing to do.
      return {
        ...base,
        severity: 'info',
        messageKey: w.code === 'conflictKeptBusy' ? 'warnConflictKeptBusy' : 'warnConflictOverwritten',
        args: [kindArg(s[0]), s[1] ?? '', fieldArg(s[2]), s[3] ?? '', s[4] ?? ''],
        dismissable: true,
      };
    case 'customerEditedInBusy':
      return {
        ...base,
        severity: 'info',
        messageKey: 'warnCustomerEditedInBusy',
        args: [s[0] ?? '', fieldArg(s[1]), s[2] ?? '', s[3] ?? ''],
        dismissable: true,
        link: tfsoApp,
      };
    // Capabilities the real services lack (issue 14): what the admin does by hand, where.
    case 'manualWorkTypes':
      return { ...base, severity: 'action', messageKey: `${w.messageKey}Plain`, args: [s[0] ?? ''], link: tfsoApp };
    case 'manualAssignees':
      return {
        ...base,
        severity: 'action',
        messageKey: 'warnAssignTasksByHand',
        args: [s[0] ?? ''],
        link: { labelKey: 'openProjectsInBusy', url: `${urls.busyWeb.replace(/\/+$/, '')}/projects` },
      };
    // Two browsers created the same record at once (issue 13): done, or one step in 24SO.
    case 'duplicateResolved':
      return {
        ...base,
        severity: 'info',
        messageKey: 'warnDuplicateResolved',
        args: [kindArg(s[0]), s[1] ?? '', s[2] ?? '', s[3] ?? ''],
        dismissable: true,
      };
    case 'duplicateInTfso':
      return {
        ...base,
        severity: 'action',
        messageKey: 'warnDuplicateInTfso',
        args: [kindArg(s[0]), s[1] ?? '', s[2] ?? '', s[3] ?? ''],
        link: tfsoApp,
        dismissable: true,
      };
    case 'massDisappearance':
      // [kind, side, present, linked]: the run stopped to protect data.
      return {
        ...base,
        severity: 'error',
        messageKey: 'warnMassDisappearance',
        args: [kindArg(s[0]), { key: s[1] === 'busy' ? 'systemBusy' : 'systemTfso' }, s[2] ?? '', s[3] ?? ''],
      };
    default: {
      // The hour transfer's notices (locked, duplicate, uncertain order …): done by hand in 24SO.
      const plain = plainError({ messageKey: w.messageKey, substitutions: s });
      const byHand = /^hours_|^order_/.test(w.code);
      return {
        ...base,
        severity: 'action',
        ...plain.said,
        detail: plain.detail,
        link: byHand ? tfsoApp : null,
        dismissable: byHand && w.code !== 'order_uncertain',
      };
    }
  }
}

const RANK: Record<Severity, number> = { error: 0, action: 1, info: 2 };

export function attentionItems(input: AttentionInput): AttentionItem[] {
  const items: AttentionItem[] = [];
  const run = input.lastRun;
  if (run && !run.ok && run.error && !CONNECTION_CODES.has(run.error.code)) {
    // "The sync at 09:14 stopped." + the stop's own words (which may need the admin: an error).
    const plain = plainError(run.error);
    items.push({
      key: `run:${run.finishedAt}`,
      severity: 'error',
      messageKey: 'attnRunStopped',
      args: [{ time: run.finishedAt }],
      also: plain.said,
      detail: plain.detail,
      link: null,
      action: null,
      dismissable: false,
      createdAt: run.finishedAt,
    });
  }
  if (input.pausedUntil) {
    items.push({
      key: 'paused',
      severity: 'info',
      messageKey: 'attnPausedUntil',
      args: [{ time: input.pausedUntil }],
      also: null,
      detail: null,
      link: null,
      action: null,
      dismissable: false,
      createdAt: input.pausedUntil,
    });
  }
  for (const w of input.warnings) {
    if (input.dismissed[w.key] === dismissFingerprint(w)) continue;
    items.push(fromWarning(w, input.urls));
  }
  return items.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.createdAt.localeCompare(a.createdAt));
}
