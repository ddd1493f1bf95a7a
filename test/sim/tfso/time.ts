// TimeService (webservices host): work types and hours.
// Note: the public WSDL's HourSearch has Status, ContactId, ProjectId, IncludeSalaryType,
// StartTime, StopTime — no ChangedAfter or HourIds (CONTRACT.md lists those; the WSDL wins here).
// The `hourInternalNote` switch models a newer server: Hour.InternalNote and HourSearch.ChangedAfter.
import { processFault, DOTNET_MIN_INT } from './soap-envelope.js';
import type { TfsoClientData, TfsoHour, TriState } from './state.js';
import { dataOf, date, isSetDate, isSetInt, toMinute, type OpContext, type OpTable } from './ops.js';
import { isProjectActive } from './project.js';
import { findById } from './lookup.js';

type Rec = Record<string, unknown>;

/** Hours above this are refused (the real field is a byte-sized value in 24SO's UI; [L]). */
export const MAX_TOTAL_HOURS = 255;

function workTypeRecord(w: TfsoClientData['workTypes'][number]): Rec {
  return {
    Id: w.id,
    Name: w.name,
    Description: w.description,
    Invoiceable: w.invoiceable,
    Price: w.price,
    ProductId: w.productId ?? DOTNET_MIN_INT, // int.MinValue: no product, as .NET writes it
  };
}

/**
 * Wire shape of an hour; ApprovedBy and ProjectTaskId carry int.MinValue when not set. InternalNote
 * only where the server has it (`hourInternalNote`), last, as that schema orders it.
 */
function hourRecord(h: TfsoHour, ctx: OpContext): Rec {
  const r: Rec = {
    Id: h.id,
    TypeOfWorkId: h.typeOfWorkId,
    StartTime: date(h.startTime),
    StopTime: date(h.stopTime),
    TotalHours: h.totalHours,
    TotalHoursInvoice: h.totalHoursInvoice,
    ContactId: h.contactId,
    ProjectId: h.projectId,
    Description: h.description,
    Locked: h.locked,
    Approved: h.approved,
    ApprovedBy: h.approvedBy ?? DOTNET_MIN_INT,
    ProjectTaskId: h.projectTaskId ?? DOTNET_MIN_INT,
    NeedApproval: h.needApproval,
    CustomerId: h.customerId ?? DOTNET_MIN_INT,
  };
  if (ctx.settings.hourInternalNote) r.InternalNote = h.internalNote ?? '';
  return r;
}

const isFrozen = (h: TfsoHour) => h.locked === 'True' || h.approved === 'True';

function checkHours(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  const n = v as number;
  if (!Number.isFinite(n) || n < 0) throw processFault(`${field} must be a non-negative number, got ${n}`);
  if (n > MAX_TOTAL_HOURS) throw processFault(`${field} ${n} is above the maximum of ${MAX_TOTAL_HOURS} hours`);
  return n;
}

export const timeOps: OpTable = {
  GetWorkTypeList: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const active = ((p.Wts as Rec | undefined)?.Active as string | undefined) ?? 'none';
      return d.workTypes
        .filter((w) => (active === 'True' ? w.active : active === 'False' ? !w.active : true))
        .sort((a, b) => a.id - b.id)
        .map(workTypeRecord);
    },
  },
  /** [A] No public WSDL shows a write path for work types; shape assumed like SaveHour. */
  SaveWorkType: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const w = p.workType as Rec | undefined;
      if (!w) throw processFault('Object reference not set to an instance of an object.');
      // biome-ignore lint/correctness/noPrecisionLoss: .NET's decimal.MinValue as written on the wire
      if (typeof w.Price === 'number' && w.Price < 0 && w.Price !== -79228162514264337593543950335)
        throw processFault('Price must not be negative');
      const price = typeof w.Price === 'number' && w.Price >= 0 ? w.Price : 0;
      const existing = (w.Id as number) > 0 ? d.workTypes.find((x) => x.id === w.Id) : undefined;
      if ((w.Id as number) > 0 && !existing) throw processFault(`WorkType ${w.Id} does not exist`);
      if (existing) {
        if (typeof w.Name === 'string') existing.name = w.Name;
        if (typeof w.Description === 'string') existing.description = w.Description;
        existing.invoiceable = w.Invoiceable as boolean;
        if (typeof w.Price === 'number') existing.price = price;
        if (w.ProductId !== undefined) existing.productId = isSetInt(w.ProductId) ? w.ProductId : null;
        return existing.id;
      }
      if (typeof w.Name !== 'string' || !w.Name.trim()) throw processFault('WorkType name is required');
      const id = d.nextId.workType++;
      d.workTypes.push({
        id,
        name: w.Name,
        description: typeof w.Description === 'string' ? w.Description : '',
        invoiceable: w.Invoiceable as boolean,
        price,
        productId: isSetInt(w.ProductId) ? w.ProductId : null,
        active: true,
      });
      return id;
    },
  },
  SaveHour: {
    run(ctx, params) {
      const d = dataOf(ctx);
      const h = params.Hour as Rec | undefined;
      if (!h) throw processFault('Object reference not set to an instance of an object.');
      const now = ctx.now().toISOString();
      const total = checkHours(h.TotalHours, 'TotalHours');
      const totalInv = checkHours(h.TotalHoursInvoice, 'TotalHoursInvoice');
      const existing = isSetInt(h.Id) && (h.Id as number) > 0 ? d.hours.find((x) => x.id === h.Id) : undefined;
      if (isSetInt(h.Id) && (h.Id as number) > 0 && !existing) throw processFault(`Hour ${h.Id} does not exist`);
      if (existing && isFrozen(existing)) throw processFault(`Hour ${existing.id} is locked or approved and cannot be changed`);
      const contactId = isSetInt(h.ContactId) ? h.ContactId : existing?.contactId;
      const projectId = isSetInt(h.ProjectId) ? h.ProjectId : existing?.projectId;
      const typeOfWorkId = isSetInt(h.TypeOfWorkId) ? h.TypeOfWorkId : existing?.typeOfWorkId;
      const start = isSetDate(h.StartTime) ? h.StartTime : existing ? date(existing.startTime) : undefined;
      const stop = isSetDate(h.StopTime) ? h.StopTime : existing ? date(existing.stopTime) : undefined;
      const missing = Object.entries({
        ContactId: contactId,
        ProjectId: projectId,
        TypeOfWorkId: typeOfWorkId,
        StartTime: start,
        StopTime: stop,
      })
        .filter(([, v]) => v === undefined)
        .map(([k]) => k);
      if (missing.length) throw processFault(`Missing required field(s) on the hour: ${missing.join(', ')}`);
      if (!d.users.some((u) => u.contactId === contactId)) throw processFault(`ContactId ${contactId} is not a user of this client`);
      const project = findById(d.projects, projectId);
      if (!project) throw processFault(`Project ${projectId} does not exist`);
      if (!isProjectActive(d, project)) throw processFault(`Project ${projectId} is not active`);
      if (!d.workTypes.some((w) => w.id === typeOfWorkId)) throw processFault(`TypeOfWorkId ${typeOfWorkId} does not exist`);
      const taskId = isSetInt(h.ProjectTaskId) ? h.ProjectTaskId : (existing?.projectTaskId ?? null);
      if (
        taskId !== null &&
        findById(d.tasks, taskId)?.projectId !== projectId &&
        !d.tasks.some((t) => t.id === taskId && t.projectId === projectId)
      )
        throw processFault(`ProjectTaskId ${taskId} is not a task of project ${projectId}`);
      if (stop! < start!) throw processFault('StopTime is before StartTime');
      const fields = {
        contactId: contactId!,
        projectId: projectId!,
        typeOfWorkId: typeOfWorkId!,
        projectTaskId: taskId,
        startTime: start!.toISOString(),
        stopTime: stop!.toISOString(),
        totalHours: total ?? existing?.totalHours ?? (stop!.getTime() - start!.getTime()) / 3_600_000,
        totalHoursInvoice: totalInv ?? existing?.totalHoursInvoice ?? total ?? 0,
        description: typeof h.Description === 'string' ? h.Description : (existing?.description ?? ''),
        // Only a request under `hourInternalNote` can carry it (the schema refuses it otherwise).
        internalNote: typeof h.InternalNote === 'string' ? h.InternalNote : (existing?.internalNote ?? ''),
        needApproval: typeof h.NeedApproval === 'boolean' ? h.NeedApproval : (existing?.needApproval ?? false),
        customerId: project.customerId,
        dateChanged: now,
      };
      if (fields.totalHours > MAX_TOTAL_HOURS)
        throw processFault(`TotalHours ${fields.totalHours} is above the maximum of ${MAX_TOTAL_HOURS} hours`);
      // Approval and locking belong to 24SO's own approval flow; a client cannot set them here.
      for (const k of ['Approved', 'Locked'] as const) {
        const v = h[k] as TriState | undefined;
        if (v === 'True') throw processFault(`${k} cannot be set through SaveHour`);
      }
      if (existing) {
        Object.assign(existing, fields);
        return existing.id;
      }
      const id = d.nextId.hour++;
      d.hours.push({ id, ...fields, approved: 'False', locked: 'False', approvedBy: null });
      return id;
    },
  },
  GetHours: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const hs = (p.hs ?? {}) as Rec;
      // ContactId/ProjectId are required by the WSDL; 0 or int.MinValue means "any" here ([A]).
      const contact = (hs.ContactId as number | undefined) ?? 0;
      const project = (hs.ProjectId as number | undefined) ?? 0;
      const status = (hs.Status as string | undefined) ?? 'none';
      const from = isSetDate(hs.StartTime) ? toMinute(hs.StartTime) : undefined;
      const to = isSetDate(hs.StopTime) ? toMinute(hs.StopTime) : undefined;
      // `hourInternalNote` only: hours changed (saved) after this instant.
      const changedAfter = isSetDate(hs.ChangedAfter) ? hs.ChangedAfter.getTime() : undefined;
      return (
        d.hours
          .filter((h) => contact <= 0 || h.contactId === contact)
          .filter((h) => (project <= 0 && ctx.settings.hourSearchAnyProject) || h.projectId === project)
          .filter((h) =>
            status === 'none'
              ? true
              : status === 'Approved'
                ? h.approved === 'True'
                : status === 'Locked'
                  ? h.locked === 'True'
                  : status === 'Registered'
                    ? h.approved !== 'True' && h.locked !== 'True'
                    : false,
          )
          // Minute resolution: an hour starting 10:00:30 matches a search from 10:00:45.
          .filter((h) => from === undefined || toMinute(h.startTime) >= from)
          .filter((h) => to === undefined || toMinute(h.startTime) <= to)
          .filter((h) => changedAfter === undefined || Date.parse(h.dateChanged) > changedAfter)
          .sort((a, b) => a.id - b.id)
          .map((h) => hourRecord(h, ctx))
      );
    },
  },
  DeleteHour: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const h = p.Hour as Rec | undefined;
      const id = h?.Id;
      const i = d.hours.findIndex((x) => x.id === id);
      if (i < 0) return false;
      if (isFrozen(d.hours[i])) throw processFault(`Hour ${id} is locked or approved and cannot be deleted`);
      d.hours.splice(i, 1);
      return true;
    },
  },
};
