import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../utils/hours';
import type { TransferLogEntry } from '../../utils/store/types';

const e = (extra: Partial<TransferLogEntry>): TransferLogEntry => ({
  id: 'x',
  at: '2026-10-25T01:30:00.000Z',
  op: 'send',
  busyId: '16001',
  tfsoId: 7,
  busyUserId: '11001',
  contactId: 1002,
  projectId: 1000,
  hours: 2.5,
  description: 'Møte',
  ...extra,
});

describe('transfer log CSV export', () => {
  it('starts with a UTF-8 BOM, comma-separated with a header, CRLF lines, Oslo and UTC time', () => {
    const csv = exportCsv([e({})]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('time (Europe/Oslo),time (UTC),action,Busy id,24SO id,Busy user,24SO contact,24SO project,hours,description');
    expect(lines[1]).toBe('2026-10-25 02:30:00,2026-10-25T01:30:00.000Z,send,16001,7,11001,1002,1000,2.5,Møte');
    expect(lines[2]).toBe('');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180), keeps æøå, and defuses formulas', () => {
    const csv = exportCsv([
      e({ description: 'Kunde, «Ærlig» "sa" han\nlinje 2' }),
      e({ description: '=HYPERLINK("x")', hours: null, contactId: null }),
    ]);
    const body = csv.slice(1).split('\r\n').slice(1).join('\r\n');
    expect(body).toContain('"Kunde, «Ærlig» ""sa"" han\nlinje 2"');
    expect(body).toContain(`,,1000,,"'=HYPERLINK(""x"")"`);
  });
});
