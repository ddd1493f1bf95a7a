// The plan's shape, apart from the code that computes it, so the extension's pages can validate
// a plan without bundling the engine.
import { z } from 'zod';

export const PlanRecordSchema = z.object({ id: z.string(), name: z.string() });
export const PlanLinkSchema = z.object({
  busy: PlanRecordSchema,
  tfso: PlanRecordSchema,
  /** Why they are one: the 24SO id already on the Busy record, or what matching found, or the admin's pick. */
  by: z.enum(['externalId', 'orgNumber', 'number', 'name', 'decision']),
});
export const PlanDecisionSchema = z.object({
  /** File the admin's answer under this key in SyncDeps.decisions. */
  key: z.string(),
  kind: z.enum(['customer', 'workType', 'project', 'task', 'user']),
  subject: z.object({ side: z.enum(['busy', 'tfso']), id: z.string(), name: z.string() }),
  /** Records on the other side that could be it (answer `{ pick: id }`), or `{ createNew: true }`. */
  candidates: z.array(
    z.object({ id: z.string(), name: z.string(), why: z.enum(['orgNumber', 'number', 'name', 'nameOtherCustomer', 'similarName']) }),
  ),
  reason: z.enum(['several', 'weak']),
});
export const PlanKindSchema = z.object({
  /** Records on both sides that become one pair (no write but the 24SO id put on the Busy record). */
  link: z.array(PlanLinkSchema),
  /** 24SO records created in Busy (id: 24SO id). */
  createBusy: z.array(PlanRecordSchema),
  /** Busy records created in 24SO (id: Busy id). */
  createTfso: z.array(PlanRecordSchema),
  /** Busy records archived (id: Busy id). */
  archive: z.array(PlanRecordSchema),
  /** Pairs whose Busy record takes 24SO's values (id: Busy id) / whose 24SO record takes Busy's (id: 24SO id). */
  updateBusy: z.array(PlanRecordSchema),
  updateTfso: z.array(PlanRecordSchema),
  /** Customers only in Busy: kept, with a warning (customers are made in 24SO, R4). */
  busyOnly: z.array(PlanRecordSchema),
  /** Unclear pairs: none of their records is linked or created until the admin answers. */
  decisions: z.array(PlanDecisionSchema),
});
export const PlanUsersSchema = z.object({
  link: z.array(
    z.object({ busy: PlanRecordSchema, tfso: PlanRecordSchema, by: z.enum(['override', 'externalId', 'employeeCode', 'name']) }),
  ),
  /** Busy users with no 24SO user (their hours go on the integration user). */
  unmapped: z.array(PlanRecordSchema),
  /** Answer `{ pick: contactId }` or `{ createNew: true }` (= no 24SO user) under `user:busy:<id>`. */
  decisions: z.array(PlanDecisionSchema),
});
export const PlanSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  kinds: z.object({ customer: PlanKindSchema, workType: PlanKindSchema, project: PlanKindSchema, task: PlanKindSchema }),
  users: PlanUsersSchema,
  /** All open decisions, users included: 0 = nothing to ask, the admin only confirms. */
  openDecisions: z.number().int().nonnegative(),
});
export type Plan = z.infer<typeof PlanSchema>;
export type PlanKind = z.infer<typeof PlanKindSchema>;
export type PlanDecision = z.infer<typeof PlanDecisionSchema>;
