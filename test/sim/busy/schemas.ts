// Busy's wire schemas, written by hand from the public OpenAPI ("Finago Busy Public API" 2.1.0).
// Every schema forbids extra properties, as the document does. Response schemas double as the
// record types the simulator stores, so a record can only ever hold what the real API serves.
import { z } from 'zod';

const id = z.string().regex(/^\d+$/);
const nullableId = id.nullable();
const dateTime = z.iso.datetime({ offset: true });
const date = z.iso.date();
const rate = z.string().regex(/^\d+(\.\d{1,4})?$/);
const amount4 = z.string().regex(/^\d+\.\d{4}$/);
const budget2 = z
  .string()
  .regex(/^\d+\.\d{2}$/)
  .min(1);
const authBy = z.enum(['google', 'microsoft', 'email_password', 'seven_office']);
const billBy = z.enum(['project', 'user', 'tag']);
const recurrence = z.enum(['yearly', 'quarterly', 'monthly', 'weekly', 'never']);
const budgetType = z.enum(['hours', 'money', 'none']);
const budgetBy = z.enum(['project', 'task', 'tag', 'user', 'custom']);
const tagTypeRead = z.enum(['work', 'annual-leave', 'purchased-leave', 'sick-leave', 'other-leave', 'ignore', 'overtime']);
const tagTypeWrite = z.enum(['work', 'annual-leave', 'purchased-leave', 'sick-leave', 'other-leave', 'ignore']);
const taskState = z.enum(['todo', 'in-progress', 'complete', 'canceled']);
const approval = z.enum(['approved', 'submitted', 'none']);
const excludedCategory = z.enum([
  'agreed_discount_or_credit',
  'considered_non_billable',
  'error_caused_by_the_supplier',
  'incorrect_registration',
  'internal_time',
  'manual_invoicing',
  'deferred_for_later_invoicing',
  'other',
]);
const minutes = z.number().int().min(0).max(2147483647);

/** PATCH bodies: `minProperties: 1`. */
function patch<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape).refine((o) => Object.keys(o).length >= 1, { message: 'must NOT have fewer than 1 properties' });
}

// ---- responses (records) ----

export const ErrorResponseSchema = z.strictObject({
  error: z.strictObject({ name: z.string(), message: z.string(), payload: z.record(z.string(), z.unknown()).optional() }),
  trackingId: z.string(),
});

const userShape = {
  id,
  externalId: z.string().nullable(),
  employeeCode: z.string().nullable(),
  email: z.email(),
  displayName: z.string(),
  status: z.enum(['registered', 'invited']),
  requireAuthenticationBy: authBy.nullable(),
  isAdmin: z.boolean(),
  isActive: z.boolean(),
  startDate: date,
  endDate: date.nullable(),
  defaultHourlyRate: rate.nullable(),
  displayInTimebank: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
};
export const UserSchema = z.strictObject(userShape);
export type User = z.infer<typeof UserSchema>;

/**
 * The one documented deviation of the real Busy from its schema: users without an address are
 * served with `"email": ""` (format: email says otherwise). What the sim serves with `emptyEmails`.
 */
const realEmail = z.union([z.email(), z.literal('')]);
export const RealUserSchema = z.strictObject({ ...userShape, email: realEmail });

export const ClientSchema = z.strictObject({
  id,
  name: z.string(),
  isActive: z.boolean(),
  externalId: z.string().nullable(),
  organizationNumber: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type Client = z.infer<typeof ClientSchema>;

export const ProjectSchema = z.strictObject({
  id,
  number: z.string().nullable(),
  name: z.string(),
  externalId: z.string().nullable(),
  clientId: nullableId,
  colorCode: z.string().regex(/^#[0-9a-f]{6}$/),
  isOpen: z.boolean(),
  isBillable: z.boolean(),
  allowMultipleClients: z.boolean(),
  allowChangeBillableTime: z.boolean(),
  billBy,
  hourlyRate: amount4,
  isFixedPrice: z.boolean(),
  fixedPriceRecurrencePeriod: recurrence,
  fixedPriceRecurrenceStartDate: date.nullable(),
  fixedPriceRecurrenceEndDate: date.nullable(),
  fixedPrice: z.string().regex(/^\d+$/).min(1),
  isFixedPricePerTag: z.boolean(),
  isTaskBased: z.boolean(),
  budgetType,
  budgetBy,
  budget: budget2,
  defaultInvoiceText: z.string().max(1000).nullable(),
  externalCustomerReference: z.string().max(100),
  isActive: z.boolean(),
  defaultTaskTagId: nullableId,
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectUserSchema = z.strictObject({
  hourlyRate: rate,
  isProjectManager: z.boolean(),
  budget: budget2.nullable(),
  ...userShape,
});
export type ProjectUser = z.infer<typeof ProjectUserSchema>;
export const RealProjectUserSchema = z.strictObject({ ...ProjectUserSchema.shape, email: realEmail });

const tagShape = {
  id,
  name: z.string().min(1).max(64),
  type: tagTypeRead,
  externalId: z.string().nullable(),
  isActive: z.boolean(),
  defaultHourlyRate: rate.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
};
export const TagSchema = z.strictObject(tagShape);
export type Tag = z.infer<typeof TagSchema>;

export const ProjectTagSchema = z.strictObject({
  hourlyRate: rate,
  includeInFixedPrice: z.boolean(),
  isFixedPricePerTag: z.boolean(),
  fixedPricePerTag: z.string().regex(/^\d+(\.\d{2})?$/),
  budget: budget2.nullable(),
  ...tagShape,
});
export type ProjectTag = z.infer<typeof ProjectTagSchema>;

/** The OpenAPI names the task schema `Tasks`. */
export const TaskSchema = z.strictObject({
  id,
  projectId: id,
  name: z.string(),
  state: taskState,
  allowTimeTracking: z.boolean(),
  durationEstimate: z.number().int().nullable(),
  isPrioritized: z.boolean(),
  parentId: nullableId,
  defaultTagId: nullableId,
  externalId: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type Task = z.infer<typeof TaskSchema>;

export const HourEntrySchema = z.strictObject({
  id,
  userId: id,
  projectId: nullableId,
  tagId: nullableId,
  clientId: nullableId,
  taskId: nullableId,
  billableMinutes: minutes,
  totalMinutes: minutes,
  description: z.string().nullable(),
  approvalStatus: approval,
  startTime: dateTime,
  stopTime: dateTime,
  isActive: z.boolean(),
  isExcludedFromBilling: z.boolean(),
  excludedFromBillingDescription: z.string().nullable(),
  excludedFromBillingCategory: excludedCategory.nullable(),
  locked: z.boolean(),
  flagged: z.boolean(),
  hourlyRate: z
    .string()
    .regex(/^-?\d+(\.\d{1,4})?$/)
    .nullable()
    .optional(),
  externalId: z.string().max(50).nullable(),
  calculatedHourlyRate: amount4.optional(),
  money: amount4.optional(),
  invoiceId: nullableId,
  breakDeductionMinutes: minutes,
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type HourEntry = z.infer<typeof HourEntrySchema>;

const draftShape = {
  id,
  projectId: id,
  clientId: nullableId,
  externalId: z.string().nullable(),
  description: z.string().nullable(),
  invoiceText: z.string().nullable(),
  externalReferenceNumber: z.string().nullable(),
  externalCustomerReference: z.string().nullable(),
  referenceUserId: nullableId,
  totalAmount: amount4,
  createdAt: dateTime,
  createdByUserId: nullableId,
  updatedAt: dateTime,
};
export const DraftInvoiceSchema = z.strictObject({ ...draftShape, isActive: z.boolean() });
export type DraftInvoice = z.infer<typeof DraftInvoiceSchema>;
export const InvoiceSchema = z.strictObject({
  ...draftShape,
  finalizedAt: dateTime,
  finalizedByUserId: nullableId,
  isActive: z.boolean(),
});
export type Invoice = z.infer<typeof InvoiceSchema>;

export const InvoiceLineSchema = z.strictObject({
  id,
  quantity: z.string(),
  unitPrice: amount4,
  totalAmount: amount4,
  productId: nullableId,
  description: z.string(),
});
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;

// ---- requests ----

const userWrite = {
  externalId: z.string().min(1).max(200).nullable(),
  employeeCode: z.string().min(1).max(200).nullable(),
  requireAuthenticationBy: authBy.nullable(),
  isAdmin: z.boolean(),
  displayName: z.string().min(1).max(255),
  startDate: date,
  endDate: date.nullable(),
  defaultHourlyRate: rate.nullable(),
  displayInTimebank: z.boolean(),
};
export const UserCreateSchema = z.strictObject({
  email: z.email().min(3).max(255),
  externalId: userWrite.externalId,
  employeeCode: userWrite.employeeCode,
  requireAuthenticationBy: userWrite.requireAuthenticationBy.optional(),
  isAdmin: userWrite.isAdmin,
  displayName: userWrite.displayName,
  startDate: userWrite.startDate,
  endDate: userWrite.endDate,
  defaultHourlyRate: userWrite.defaultHourlyRate.optional(),
  displayInTimebank: userWrite.displayInTimebank.optional(),
});
export const UserPatchSchema = patch({
  externalId: userWrite.externalId.optional(),
  employeeCode: userWrite.employeeCode.optional(),
  displayName: userWrite.displayName.optional(),
  isAdmin: userWrite.isAdmin.optional(),
  requireAuthenticationBy: userWrite.requireAuthenticationBy.optional(),
  isActive: z.boolean().optional(),
  startDate: date.optional(),
  endDate: date.nullable().optional(),
  defaultHourlyRate: rate.nullable().optional(),
  displayInTimebank: z.boolean().optional(),
});

const clientName = z.string().min(2).max(50);
const clientExternalId = z.string().min(1).max(200).nullable();
export const ClientCreateSchema = z.strictObject({ name: clientName, externalId: clientExternalId });
export const ClientPatchSchema = patch({
  name: clientName.optional(),
  externalId: clientExternalId.optional(),
  isActive: z.boolean().optional(),
});

const projectWrite = {
  number: z.string().min(1).max(65).nullable(),
  name: z.string().min(1).max(250),
  externalId: z.string().min(1).nullable(),
  clientId: id.min(1).nullable(),
  colorCode: z
    .string()
    .regex(/^#[0-9a-f]{6}$/)
    .min(1)
    .max(7),
  isOpen: z.boolean(),
  isBillable: z.boolean(),
  allowMultipleClients: z.boolean(),
  allowChangeBillableTime: z.boolean(),
  billBy,
  hourlyRate: rate.min(1),
  isFixedPrice: z.boolean(),
  fixedPriceRecurrencePeriod: recurrence,
  fixedPriceRecurrenceStartDate: date.nullable(),
  fixedPriceRecurrenceEndDate: date.nullable(),
  fixedPrice: z.string().regex(/^\d+$/).min(1),
  isFixedPricePerTag: z.boolean(),
  isTaskBased: z.boolean(),
  budgetType,
  budgetBy,
  budget: budget2,
  defaultInvoiceText: z.string().max(1000).nullable(),
  externalCustomerReference: z.string().max(100),
  defaultTaskTagId: nullableId,
};
type PW = typeof projectWrite;
const optionalAll = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };
export const ProjectCreateSchema = z.strictObject({
  ...optionalAll(projectWrite),
  name: projectWrite.name,
  externalId: projectWrite.externalId,
  colorCode: projectWrite.colorCode,
  isOpen: projectWrite.isOpen,
  isBillable: projectWrite.isBillable,
  allowMultipleClients: projectWrite.allowMultipleClients,
});
export const ProjectPatchSchema = patch({ ...optionalAll(projectWrite as PW), isActive: z.boolean().optional() });

export const ProjectUserCreateSchema = z.strictObject({
  userId: id,
  isProjectManager: z.boolean().optional(),
  hourlyRate: rate.optional(),
  budget: z
    .string()
    .regex(/^\d{1,6}\.\d{2}$/)
    .min(1)
    .nullable()
    .optional(),
});
export const ProjectUserPatchSchema = patch({
  isProjectManager: z.boolean().optional(),
  hourlyRate: rate.optional(),
  budget: z
    .string()
    .regex(/^\d{1,6}\.\d{2}$/)
    .min(1)
    .nullable()
    .optional(),
});

export const TagCreateSchema = z.strictObject({
  name: z.string().min(1).max(64),
  type: tagTypeWrite.optional(),
  externalId: z.string().nullable(),
  defaultHourlyRate: rate.nullable(),
});
export const TagPatchSchema = patch({
  name: z.string().min(1).max(64).optional(),
  type: tagTypeWrite.optional(),
  externalId: z.string().nullable().optional(),
  defaultHourlyRate: rate.nullable().optional(),
  isActive: z.boolean().optional(),
});

export const ProjectTagCreateSchema = z.strictObject({
  tagId: id,
  hourlyRate: rate.optional(),
  includeInFixedPrice: z.boolean().optional(),
  isFixedPricePerTag: z.boolean().optional(),
  fixedPricePerTag: z
    .string()
    .regex(/^\d+(\.\d{2})?$/)
    .optional(),
  budget: budget2.nullable().optional(),
});
export const ProjectTagPatchSchema = patch({
  hourlyRate: rate.optional(),
  includeInFixedPrice: z.boolean().optional(),
  isFixedPricePerTag: z.boolean().optional(),
  fixedPricePerTag: z
    .string()
    .regex(/^\d+(\.\d{2})?$/)
    .optional(),
  budget: budget2.nullable().optional(),
});

const taskName = z.string().min(2).max(200);
const taskExternalId = z.string().min(1).max(200).nullable();
export const TaskCreateSchema = z.strictObject({
  name: taskName,
  defaultTagId: nullableId,
  state: taskState,
  allowTimeTracking: z.boolean(),
  isPrioritized: z.boolean(),
  parentId: nullableId,
  externalId: taskExternalId,
  isActive: z.boolean(),
});
export const TaskPatchSchema = patch({
  name: taskName.optional(),
  defaultTagId: nullableId.optional(),
  state: taskState.optional(),
  allowTimeTracking: z.boolean().optional(),
  durationEstimate: z.number().int().min(0).max(2147483647).nullable().optional(),
  isPrioritized: z.boolean().optional(),
  parentId: nullableId.optional(),
  externalId: taskExternalId.optional(),
  isActive: z.boolean().optional(),
});
/** [A] No public way to set task assignees exists; this body is our assumption (see api/tasks.ts). */
export const TaskUserCreateSchema = z.strictObject({ userId: id });

const hourWrite = {
  userId: id,
  projectId: nullableId,
  tagId: id,
  taskId: nullableId,
  billableMinutes: minutes,
  description: z.string().nullable(),
  approvalStatus: approval,
  startTime: dateTime,
  stopTime: dateTime,
  isExcludedFromBilling: z.boolean(),
  excludedFromBillingDescription: z.string().min(3).max(1000).nullable(),
  excludedFromBillingCategory: excludedCategory.nullable(),
  locked: z.boolean(),
  flagged: z.boolean(),
  hourlyRate: rate.nullable(),
  externalId: z.string().max(50).nullable(),
  breakDeductionMinutes: minutes,
};
export const HourEntryCreateSchema = z.strictObject({
  ...optionalAll(hourWrite),
  userId: hourWrite.userId,
  projectId: hourWrite.projectId,
  tagId: hourWrite.tagId,
  description: hourWrite.description,
  startTime: hourWrite.startTime,
  stopTime: hourWrite.stopTime,
  externalId: hourWrite.externalId,
});
export const HourEntryPatchSchema = patch({ ...optionalAll(hourWrite), isActive: z.boolean().optional() });
