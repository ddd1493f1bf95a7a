// 24SO TimeService hours: SaveHour, GetHours, DeleteHour. Element names and order copied from
// timeService.wsdl: Hour{Id, TypeOfWorkId, StartTime, StopTime, TotalHours, TotalHoursInvoice,
// ContactId, ProjectId, Description, Locked, Approved, ApprovedBy, ProjectTaskId, Costs,
// NeedApproval, SalaryTypeId, CustomerId, OrderId, Price}; HourSearch{Status, ContactId (required),
// ProjectId (required), IncludeSalaryType, StartTime, StopTime}. There is NO InternalNote and no
// search by id or change time in the public WSDL, which shapes the marker (utils/hours/marker.ts);
// InternalNote is written only where the live WSDL declares it (utils/capabilities) and read if sent.
// Times go through utils/core/time.ts (the one place that knows UTC vs Oslo).
import { z } from 'zod';
import { BadResponseError, RemoteFaultError } from '../core/errors';
import { fromTfsoHourTime, toTfsoHourTime } from '../core/time';
import { callService, parseWith, read, required, SoapText, toPlainList, xs, type SoapParams, type TfsoContext } from './soap';
import type { XmlElement } from '../core/xml';

/** What this extension writes (times are ISO instants; the description already carries the marker). */
export interface TfsoHourWrite {
  id?: number;
  typeOfWorkId: number;
  startTime: string;
  stopTime: string;
  totalHours: number;
  totalHoursInvoice: number;
  contactId: number;
  projectId: number;
  description: string;
  projectTaskId: number | null;
  /** Only where the live WSDL has Hour.InternalNote (issue 14; marker.ts decides). */
  internalNote?: string;
  /** The live Hour's element order, to place InternalNote (default: after Description). */
  sequence?: readonly string[] | null;
}

export interface TfsoHour {
  id: number;
  typeOfWorkId: number | null;
  startTime: string | null;
  stopTime: string | null;
  totalHours: number | null;
  totalHoursInvoice: number | null;
  contactId: number | null;
  projectId: number | null;
  description: string;
  /** null where the server has no InternalNote (the public WSDL). */
  internalNote: string | null;
  locked: boolean;
  approved: boolean;
  projectTaskId: number | null;
}

/** 24SO's limit on one hour record [L]. */
export const MAX_HOURS_PER_RECORD = 255;

const time = xs.string.transform((s) => (s === null || s.startsWith('0001-01-01') ? null : fromTfsoHourTime(s)));

const HourSchema = z
  .object({
    Id: required(xs.long),
    TypeOfWorkId: xs.int,
    StartTime: time,
    StopTime: time,
    TotalHours: xs.decimal,
    TotalHoursInvoice: xs.decimal,
    ContactId: xs.int,
    ProjectId: xs.int,
    Description: xs.string,
    Locked: xs.string,
    Approved: xs.string,
    ProjectTaskId: xs.int,
    InternalNote: xs.string,
  })
  .transform(
    (h): TfsoHour => ({
      id: h.Id,
      typeOfWorkId: h.TypeOfWorkId,
      startTime: h.StartTime,
      stopTime: h.StopTime,
      totalHours: h.TotalHours,
      totalHoursInvoice: h.TotalHoursInvoice,
      contactId: h.ContactId,
      projectId: h.ProjectId,
      description: h.Description ?? '',
      internalNote: h.InternalNote,
      locked: h.Locked === 'True',
      approved: h.Approved === 'True',
      projectTaskId: h.ProjectTaskId,
    }),
  );
const HourList = z.array(HourSchema);

function checkHours(field: string, n: number): number {
  if (!Number.isFinite(n) || n < 0 || n > MAX_HOURS_PER_RECORD) throw new RangeError(`${field} ${n} is outside 0–${MAX_HOURS_PER_RECORD}`);
  return n;
}

/** SaveHour: creates (no id) or updates (id) an hour; returns its id. */
export async function saveHour(ctx: TfsoContext, h: TfsoHourWrite): Promise<number> {
  const hour: SoapParams = [
    ['Id', h.id],
    ['TypeOfWorkId', h.typeOfWorkId],
    ['StartTime', new SoapText(toTfsoHourTime(h.startTime))],
    ['StopTime', new SoapText(toTfsoHourTime(h.stopTime))],
    ['TotalHours', checkHours('TotalHours', h.totalHours)],
    ['TotalHoursInvoice', checkHours('TotalHoursInvoice', h.totalHoursInvoice)],
    ['ContactId', h.contactId],
    ['ProjectId', h.projectId],
    ['Description', h.description],
    // Omitted = not set (int.MinValue). NOTE: an update cannot clear a task this way; see transfer.ts.
    ['ProjectTaskId', h.projectTaskId ?? undefined],
  ];
  const result = await callService(ctx, 'TimeService', 'SaveHour', [
    ['Hour', h.internalNote === undefined ? hour : withInternalNote(hour, h.internalNote, h.sequence)],
  ]);
  const id = read.long('SaveHour', result);
  if (id === null || id <= 0) throw new BadResponseError('SaveHour', 'SaveHourResult', `no id in the answer (${id ?? 'missing'})`);
  if (h.id !== undefined && id !== h.id)
    throw new BadResponseError('SaveHour', 'SaveHourResult', `updated ${h.id} but the answer names ${id}`);
  return id;
}

/** InternalNote placed where the live Hour sequence has it: after the last element written that
 * comes before it there (after Description when the order is not known). */
export function withInternalNote(hour: SoapParams, note: string, sequence?: readonly string[] | null): SoapParams {
  const at = sequence?.indexOf('InternalNote') ?? -1;
  const before = new Set(at >= 0 ? sequence!.slice(0, at) : HOUR_UP_TO_DESCRIPTION);
  let i = 0;
  hour.forEach(([name, v], j) => {
    if (before.has(name) && v !== undefined && v !== null) i = j + 1;
  });
  return [...hour.slice(0, i), ['InternalNote', note], ...hour.slice(i)];
}
const HOUR_UP_TO_DESCRIPTION = [
  'Id',
  'TypeOfWorkId',
  'StartTime',
  'StopTime',
  'TotalHours',
  'TotalHoursInvoice',
  'ContactId',
  'ProjectId',
  'Description',
];

/** GetHours for one contact and project (0 = any [A]) whose start lies in [from, to] (minute resolution). */
export async function getHours(
  ctx: TfsoContext,
  q: { contactId: number; projectId: number; from: string; to: string },
): Promise<TfsoHour[]> {
  const result = await callService(ctx, 'TimeService', 'GetHours', [
    [
      'hs',
      [
        ['ContactId', q.contactId],
        ['ProjectId', q.projectId],
        ['StartTime', new SoapText(toTfsoHourTime(q.from))],
        ['StopTime', new SoapText(toTfsoHourTime(q.to))],
      ],
    ],
  ]);
  return parseWith('GetHours', HourList, toPlainList('GetHours', result, 'Hour'));
}

export type DeleteHourOutcome = 'deleted' | 'gone' | 'locked';

/**
 * DeleteHour. 'gone': 24SO has no such hour (false); 'locked': 24SO refuses because the hour is
 * locked or approved (a fault saying so) — a warning for the user, never a crash.
 */
export async function deleteHour(ctx: TfsoContext, id: number): Promise<DeleteHourOutcome> {
  let result: XmlElement | null;
  try {
    result = await callService(ctx, 'TimeService', 'DeleteHour', [['Hour', [['Id', id]]]]);
  } catch (e) {
    if (isLockedFault(e)) return 'locked';
    throw e;
  }
  return read.bool('DeleteHour', result) ? 'deleted' : 'gone';
}

/** 24SO's refusal to change or delete a locked/approved hour. */
export function isLockedFault(e: unknown): boolean {
  return e instanceof RemoteFaultError && e.system === 'tfso' && /locked|approved/i.test(e.remoteMessage);
}
