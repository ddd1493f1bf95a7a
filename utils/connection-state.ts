import * as z from 'zod/mini';

// What the popup shows for each system (R1, R2). Shared by background, popup, options and
// the content script, so it is validated where it crosses a script boundary. zod/mini (not full
// zod): these schemas are bundled into the pages and the content script, which must stay small;
// the background nests them in its full-zod request/answer schemas (both are zod v4 core types).

export const userErrorSchema = z.object({
  code: z.string(),
  messageKey: z.string(),
  substitutions: z.array(z.string()),
});
export type UserError = z.infer<typeof userErrorSchema>;

export const tfsoWhoSchema = z.object({
  name: z.string(),
  contactId: z.int(),
  clientId: z.int(),
  clientName: z.string(),
  identityId: z.string(),
});
export type TfsoWho = z.infer<typeof tfsoWhoSchema>;

export const busyWhoSchema = z.object({
  /** A person's name or e-mail when the API tells it; otherwise the workspace address. */
  label: z.string(),
  via: z.enum(['token', 'session']),
});
export type BusyWho = z.infer<typeof busyWhoSchema>;

const base = { checkedAt: z.string() };
function connectionSchema<W extends z.ZodMiniType>(who: W) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('checking'), ...base }),
    z.object({ state: z.literal('connected'), who, ...base }),
    z.object({ state: z.literal('notLoggedIn'), loginUrl: z.string(), ...base }),
    z.object({ state: z.literal('unreachable'), url: z.string(), ...base }),
    z.object({ state: z.literal('error'), error: userErrorSchema, ...base }),
  ]);
}
export const tfsoConnectionSchema = connectionSchema(tfsoWhoSchema);
export const busyConnectionSchema = connectionSchema(busyWhoSchema);
export type TfsoConnection = z.infer<typeof tfsoConnectionSchema>;
export type BusyConnection = z.infer<typeof busyConnectionSchema>;

export const statusSchema = z.object({ tfso: tfsoConnectionSchema, busy: busyConnectionSchema });
export type Status = z.infer<typeof statusSchema>;
