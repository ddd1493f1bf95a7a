// The transfer log as CSV (RFC 4180): comma-separated (the RFC's separator; Excel opens it in any
// locale through Data → From Text, and LibreOffice/Numbers detect it), CRLF line ends, every field
// quoted when it holds a comma, quote, CR or LF; UTF-8 with a BOM so that Excel shows æøå.
import type { TransferLogEntry } from '../store/types';
import { toOslo } from '../core/time';

export const CSV_COLUMNS = [
  'time (Europe/Oslo)',
  'time (UTC)',
  'action',
  'Busy id',
  '24SO id',
  'Busy user',
  '24SO contact',
  '24SO project',
  'hours',
  'description',
] as const;

function field(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Busy users' text must not become a spreadsheet formula (CSV injection): a leading =, +, -, @
 * gets an apostrophe, which Excel shows as text. */
function noFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** The whole log as one CSV text, BOM first. */
export function exportCsv(log: readonly TransferLogEntry[]): string {
  const rows = [CSV_COLUMNS.map(field).join(',')];
  for (const e of log) {
    const o = toOslo(e.at);
    rows.push(
      [
        `${o.date} ${o.time}`,
        e.at,
        e.op,
        e.busyId,
        e.tfsoId,
        e.busyUserId,
        e.contactId,
        e.projectId,
        e.hours === null ? null : String(Math.round(e.hours * 10_000) / 10_000),
        noFormula(e.description),
      ]
        .map(field)
        .join(','),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
