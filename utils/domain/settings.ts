import { z } from 'zod';
import { approvalPatternProblem, DEFAULT_APPROVAL_PATH_PATTERNS, MAX_APPROVAL_PATTERNS } from './busy-pages';

// Settings as stored in extension storage. The 24SO password is never part of them.

const baseUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'http:// or https:// only')
  .transform((u) => u.replace(/\/+$/, ''));

export const baseUrlsSchema = z.object({
  tfsoApi: baseUrl,
  tfsoWebservices: baseUrl,
  busyApi: baseUrl.refine((u) => /\/v2$/.test(u), 'the Busy API address ends in /v2'),
  busyWeb: baseUrl,
});
export type BaseUrls = z.infer<typeof baseUrlsSchema>;

export const decisionAnswerSchema = z.union([
  z.object({ pick: z.string().min(1) }).strict(),
  z.object({ createNew: z.literal(true) }).strict(),
]);
export type DecisionAnswer = z.infer<typeof decisionAnswerSchema>;

export const transferModeSchema = z.enum(['on-approval', 'on-order', 'never']);

/** Issue 14: paths of Busy's pages that look like approval (utils/domain/busy-pages.ts says how they match). */
export const approvalPathsSchema = z
  .array(
    z
      .string()
      .trim()
      .superRefine((p, ctx) => {
        const problem = approvalPatternProblem(p);
        if (problem) ctx.addIssue({ code: 'custom', message: `approval path pattern "${p}": ${problem}`, params: { problem } });
      }),
  )
  .max(MAX_APPROVAL_PATTERNS);
export type TransferMode = z.infer<typeof transferModeSchema>;

/**
 * The request budget (issue 15, utils/pacer): 24SO allows `tfsoLimitPerHour` requests an hour per
 * integration and quarantines past it; this installation uses at most `tfsoSharePerHour` of them
 * (default half, so the company's other integrations keep working). A run waits for room at most
 * `maxWaitSeconds` (a browser's service worker must not sleep long); longer, it pauses and goes on
 * after the wait.
 */
export const budgetSettingsSchema = z
  .object({
    tfsoLimitPerHour: z.number().int().min(1).max(1_000_000),
    tfsoSharePerHour: z.number().int().min(1).max(1_000_000),
    maxWaitSeconds: z.number().int().min(1).max(60),
  })
  .refine((b) => b.tfsoSharePerHour <= b.tfsoLimitPerHour, {
    message: 'the share cannot be more than the limit',
    path: ['tfsoSharePerHour'],
  });
export type BudgetSettings = z.infer<typeof budgetSettingsSchema>;

export const DEFAULT_BUDGET: BudgetSettings = { tfsoLimitPerHour: 7200, tfsoSharePerHour: 3600, maxWaitSeconds: 20 };

export const settingsSchema = z.object({
  version: z.literal(1),
  urls: baseUrlsSchema,
  tfso: z.object({
    applicationId: z.string().uuid().nullable(),
    username: z.string().nullable(),
    /** The identity (client) chosen by the admin; null = the login's default. */
    identityId: z.string().uuid().nullable(),
  }),
  busy: z.object({
    /** Fallback when the browser's Busy session does not work; stored only in extension storage. */
    token: z.string().min(1).nullable(),
  }),
  /** Null until the admin chooses (R19): nothing is sent before that. */
  transferMode: transferModeSchema.nullable(),
  /** The admin's user mapping (R17): Busy user id → 24SO ContactId, or null for "no 24SO user". */
  userOverrides: z.record(z.string().regex(/^\d+$/), z.number().int().positive().nullable()),
  /** The first-sync plan (issue 7): until the admin confirms it, no scheduled run writes. */
  plan: z.object({
    confirmed: z.boolean(),
    /** The admin's answers to the plan's open decisions, by decision key. */
    decisions: z.record(z.string(), decisionAnswerSchema),
  }),
  /** Where the corner control may appear when the approval view cannot be read (issue 14). */
  approvalPaths: approvalPathsSchema.default([...DEFAULT_APPROVAL_PATH_PATTERNS]),
  /** Issue 15; settings stored before it have none: the default. */
  budget: budgetSettingsSchema.default(DEFAULT_BUDGET),
});
export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(urls: BaseUrls): Settings {
  return {
    version: 1,
    urls,
    tfso: { applicationId: null, username: null, identityId: null },
    busy: { token: null },
    transferMode: null,
    userOverrides: {},
    plan: { confirmed: false, decisions: {} },
    approvalPaths: [...DEFAULT_APPROVAL_PATH_PATTERNS],
    budget: { ...DEFAULT_BUDGET },
  };
}

/**
 * Reads stored settings; anything unreadable falls back to defaults field group by field group,
 * so one bad value never loses the rest.
 */
export function parseStoredSettings(raw: unknown, defaults: Settings): Settings {
  const whole = settingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const r = (raw ?? {}) as Record<string, unknown>;
  const pick = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    const p = schema.safeParse(value);
    return p.success ? p.data : fallback;
  };
  return {
    version: 1,
    urls: pick(baseUrlsSchema, r.urls, defaults.urls),
    tfso: pick(settingsSchema.shape.tfso, r.tfso, defaults.tfso),
    busy: pick(settingsSchema.shape.busy, r.busy, defaults.busy),
    transferMode: pick(settingsSchema.shape.transferMode, r.transferMode, defaults.transferMode),
    userOverrides: pick(settingsSchema.shape.userOverrides, r.userOverrides, defaults.userOverrides),
    plan: pick(settingsSchema.shape.plan, r.plan, defaults.plan),
    approvalPaths: pick(approvalPathsSchema, r.approvalPaths, defaults.approvalPaths),
    budget: pick(budgetSettingsSchema, r.budget ?? defaults.budget, defaults.budget),
  };
}

export interface SettingsStore {
  get(): Promise<Settings>;
  save(next: Settings): Promise<void>;
}

/** Where a person logs in by hand. [A] for production 24SO: the web app's address. */
export function loginPageUrl(system: 'tfso' | 'busy', urls: BaseUrls): string {
  if (system === 'tfso') {
    return /api\.24sevenoffice\.com$/.test(new URL(urls.tfsoApi).hostname) ? 'https://app.24sevenoffice.com/' : `${urls.tfsoApi}/login`;
  }
  return `${urls.busyWeb}/login`;
}
