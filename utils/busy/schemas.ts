// Busy records as the public OpenAPI ("Finago Busy Public API" 2.1.0) defines them. Strict:
// every schema forbids extra properties and requires exactly the documented fields, so an answer
// of the wrong shape (or from the wrong endpoint) fails here, naming the field.
import { z } from 'zod';

const id = z.string().regex(/^\d+$/, 'expected a numeric string id');
const dateTime = z.iso.datetime({ offset: true });
const date = z.iso.date();
// Format "email" — kept loose on the local part / IDN, strict on shape.
const emailAddress = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'expected an email address');
// SPEC ≠ REALITY: the spec types User.email as `format: email`, but the real Busy sends `""` for a
// user without an address (other public clients of this API patch their schema for it). Both are
// accepted: an address, or exactly "". Such a user is still a user; e-mail based suggestions skip them.
const email = z.union([z.literal(''), emailAddress], { error: 'expected an email address or ""' });
const rate = z.string().regex(/^\d+(\.\d{1,4})?$/);
const amount4 = z.string().regex(/^\d+\.\d{4}$/);
const budget2 = z.string().regex(/^\d+\.\d{2}$/);
const minutes = z.number().int().min(0).max(2147483647);

export const TagTypeSchema = z.enum(['work', 'annual-leave', 'purchased-leave', 'sick-leave', 'other-leave', 'ignore', 'overtime']);
export const TaskStateSchema = z.enum(['todo', 'in-progress', 'complete', 'canceled']);
export const ApprovalStatusSchema = z.enum(['approved', 'submitted', 'none']);

export const ErrorResponseSchema = z.strictObject({
  error: z.object({ name: z.string(), message: z.string(), payload: z.record(z.string(), z.unknown()).optional() }),
  trackingId: z.string(),
});

const userShape = {
  id,
  externalId: z.string().nullable(),
  employeeCode: z.string().nullable(),
  email,
  displayName: z.string(),
  status: z.enum(['registered', 'invited']),
  requireAuthenticationBy: z.enum(['google', 'microsoft', 'email_password', 'seven_office']).nullable(),
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
export type BusyUser = z.output<typeof UserSchema>;

/** A project member: User plus the project's rate, manager flag and budget. */
export const ProjectUserSchema = z.strictObject({
  ...userShape,
  hourlyRate: rate,
  isProjectManager: z.boolean(),
  budget: budget2.nullable(),
});
export type BusyProjectUser = z.output<typeof ProjectUserSchema>;

export const ClientSchema = z.strictObject({
  id,
  name: z.string(),
  isActive: z.boolean(),
  externalId: z.string().nullable(),
  organizationNumber: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type BusyClientRecord = z.output<typeof ClientSchema>;

export const ProjectSchema = z.strictObject({
  id,
  number: z.string().nullable(),
  name: z.string(),
  externalId: z.string().nullable(),
  clientId: id.nullable(),
  colorCode: z.string().regex(/^#[0-9a-f]{6}$/),
  isOpen: z.boolean(),
  isBillable: z.boolean(),
  allowMultipleClients: z.boolean(),
  allowChangeBillableTime: z.boolean(),
  billBy: z.enum(['project', 'user', 'tag']),
  hourlyRate: amount4,
  isFixedPrice: z.boolean(),
  fixedPriceRecurrencePeriod: z.enum(['yearly', 'quarterly', 'monthly', 'weekly', 'never']),
  fixedPriceRecurrenceStartDate: date.nullable(),
  fixedPriceRecurrenceEndDate: date.nullable(),
  fixedPrice: z.string().regex(/^\d+$/),
  isFixedPricePerTag: z.boolean(),
  isTaskBased: z.boolean(),
  budgetType: z.enum(['hours', 'money', 'none']),
  budgetBy: z.enum(['project', 'task', 'tag', 'user', 'custom']),
  budget: budget2,
  defaultInvoiceText: z.string().max(1000).nullable(),
  externalCustomerReference: z.string().max(100),
  isActive: z.boolean(),
  defaultTaskTagId: id.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type BusyProject = z.output<typeof ProjectSchema>;

const tagShape = {
  id,
  name: z.string().min(1).max(64),
  type: TagTypeSchema,
  externalId: z.string().nullable(),
  isActive: z.boolean(),
  defaultHourlyRate: rate.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
};
export const TagSchema = z.strictObject(tagShape);
export type BusyTag = z.output<typeof TagSchema>;

/** A tag enabled on a project (GET /projects/{id}/tags). */
export const ProjectTagSchema = z.strictObject({
  ...tagShape,
  hourlyRate: rate,
  includeInFixedPrice: z.boolean(),
  isFixedPricePerTag: z.boolean(),
  fixedPricePerTag: z.string().regex(/^\d+(\.\d{2})?$/),
  budget: budget2.nullable(),
});
export type BusyProjectTag = z.output<typeof ProjectTagSchema>;

/** The document names the task schema `Tasks`. */
export const TasksSchema = z.strictObject({
  id,
  projectId: id,
  name: z.string(),
  state: TaskStateSchema,
  allowTimeTracking: z.boolean(),
  durationEstimate: z.number().int().nullable(),
  isPrioritized: z.boolean(),
  parentId: id.nullable(),
  defaultTagId: id.nullable(),
  externalId: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type BusyTask = z.output<typeof TasksSchema>;

export const HourEntrySchema = z.strictObject({
  id,
  userId: id,
  projectId: id.nullable(),
  tagId: id.nullable(),
  clientId: id.nullable(),
  taskId: id.nullable(),
  billableMinutes: minutes,
  totalMinutes: minutes,
  description: z.string().nullable(),
  approvalStatus: ApprovalStatusSchema,
  startTime: dateTime,
  stopTime: dateTime,
  isActive: z.boolean(),
  isExcludedFromBilling: z.boolean(),
  excludedFromBillingDescription: z.string().nullable(),
  excludedFromBillingCategory: z
    .enum([
      'agreed_discount_or_credit',
      'considered_non_billable',
      'error_caused_by_the_supplier',
      'incorrect_registration',
      'internal_time',
      'manual_invoicing',
      'deferred_for_later_invoicing',
      'other',
    ])
    .nullable(),
  locked: z.boolean(),
  flagged: z.boolean(),
  // Only present when asked for (hourlyRateSource / calculatedHourlyRate / money query flags).
  hourlyRate: z
    .string()
    .regex(/^-?\d+(\.\d{1,4})?$/)
    .nullable()
    .optional(),
  externalId: z.string().max(50).nullable(),
  calculatedHourlyRate: amount4.optional(),
  money: amount4.optional(),
  invoiceId: id.nullable(),
  breakDeductionMinutes: minutes,
  createdAt: dateTime,
  updatedAt: dateTime,
});
export type BusyHourEntry = z.output<typeof HourEntrySchema>;
