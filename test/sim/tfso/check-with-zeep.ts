// Dev-only: proves a real WSDL-driven client (python3-zeep over the public WSDLs, via the shared
// `soap-call` tool) accepts every answer of every operation the simulator serves.
//   npx tsx test/sim/tfso/check-with-zeep.ts <path-to-soap-call>
// Prints PASS/FAIL per operation; exits 1 if any fails. Not part of `npm test` (needs the tool).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ASSUMED_OPERATIONS, SERVED_OPERATIONS, startTfsoSim } from './server.js';

const run = promisify(execFile);
const tool = process.argv[2];
if (!tool) {
  console.error('usage: check-with-zeep.ts <path-to-soap-call>');
  process.exit(2);
}

const sim = await startTfsoSim();
const results: { op: string; ok: boolean; note: string }[] = [];
const base = (svc: string) => (['project', 'time', 'person'].includes(svc) ? sim.webservices : sim.api);

async function call(svc: string, op: string, args: unknown, session?: string): Promise<unknown> {
  const argv = [svc, base(svc), op, JSON.stringify(args ?? {})];
  if (session) argv.push('--session', session);
  try {
    const { stdout } = await run(tool, argv, { timeout: 60_000, maxBuffer: 64 << 20 });
    // zeep keeps elements it could not place (unknown, or out of sequence order) in `_raw_elements`
    // instead of failing, so a clean exit alone does not prove the answer matched the WSDL.
    if (stdout.includes('_raw_elements'))
      throw Object.assign(new Error('zeep could not place some elements (_raw_elements)'), { stderr: stdout.slice(0, 400) });
    const value = JSON.parse(stdout) as unknown;
    const n = Array.isArray(value) ? `${value.length} item(s)` : JSON.stringify(value)?.slice(0, 60);
    results.push({ op, ok: true, note: n ?? '' });
    return value;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    results.push({ op, ok: false, note: (err.stderr || err.message).trim().split('\n').slice(-3).join(' | ') });
    return undefined;
  }
}

try {
  const d = sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId];
  const credential = { ApplicationId: sim.applicationId, Username: sim.username, Password: sim.password };
  const sid = (await call('auth', 'Login', { credential })) as string;
  if (!sid) throw new Error('Login through zeep failed; cannot go on');
  const since = '2000-01-01T00:00:00+00:00';
  const p = d.projects.find((x) => d.statuses.find((s) => s.id === x.statusId)!.active)!;
  const customer = d.companies.find((c) => c.active)!;
  const product = d.workTypes.find((w) => w.productId !== null)!.productId!;

  await call('auth', 'HasSession', {}, sid);
  await call('auth', 'GetIdentity', {}, sid);
  await call('auth', 'GetIdentities', {}, sid);
  await call('auth', 'SetIdentityById', { identityId: sim.state.identities.find((i) => i.isDefault)!.id }, sid);
  await call('client', 'GetUsers', {}, sid);
  await call(
    'company',
    'GetCompanies',
    {
      searchParams: { ChangedAfter: since },
      returnProperties: { string: ['Id', 'Name', 'OrganizationNumber', 'EmailAddresses', 'DateChanged'] },
    },
    sid,
  );
  await call(
    'company',
    'SaveCompanies',
    {
      companies: {
        Company: [
          {
            OrganizationNumber: '987654321',
            Name: 'Zeep Kunde AS',
            EmailAddresses: { Primary: { Value: 'post@zeep.no' } },
            Type: 'Business',
          },
          { Id: customer.id, Name: `${customer.name} (zeep)` },
          { OrganizationNumber: '1' },
        ],
      },
    },
    sid,
  );
  await call('company', 'GetCompanySyncList', { syncSearchParameters: { Page: 1, Active: null, ChangedAfter: since } }, sid);
  await call('person', 'GetPersons', { personSearch: {} }, sid);
  await call('project', 'GetProjectList', { Ps: { ChangedAfter: since } }, sid);
  await call('project', 'GetDeactivatedProjects', { ps: { ChangedAfter: since } }, sid);
  await call('project', 'GetProjectStatuses', {}, sid);
  await call(
    'project',
    'SaveProject',
    {
      project: {
        Name: 'Zeep-prosjekt æøå',
        NameDisplay: 'Plain',
        StatusId: 1,
        TimeReg: 'WorkType',
        Participants: { int: [sim.state.integrationUser.contactId] },
      },
    },
    sid,
  );
  await call('project', 'GetProjectParticipants', { ProjectIds: { int: [p.id] }, ChangedAfter: null }, sid);
  await call('project', 'GetProjectTasks', { projectId: d.tasks[0].projectId }, sid);
  await call(
    'project',
    'SaveProjectTask',
    {
      task: {
        Name: 'Zeep-oppgave',
        DateStart: '2026-11-20T00:00:00+00:00',
        DateStop: '2026-12-20T00:00:00+00:00',
        Project: p.id,
        Status: null,
        Participants: { int: [p.participants[0]] },
      },
    },
    sid,
  );
  await call('time', 'GetWorkTypeList', { Wts: { Active: 'True' } }, sid);
  const hourId = await call(
    'time',
    'SaveHour',
    {
      Hour: {
        TypeOfWorkId: 1,
        StartTime: '2026-11-16T08:00:00+00:00',
        StopTime: '2026-11-16T09:30:00+00:00',
        TotalHours: 1.5,
        ContactId: p.participants[0],
        ProjectId: p.id,
        Description: 'Fra zeep',
      },
    },
    sid,
  );
  await call(
    'time',
    'GetHours',
    { hs: { ContactId: 0, ProjectId: p.id, StartTime: '2026-11-16T00:00:00+00:00', StopTime: '2026-11-17T00:00:00+00:00' } },
    sid,
  );
  await call('time', 'DeleteHour', { Hour: { Id: hourId } }, sid);
  await call(
    'invoice',
    'SaveInvoices',
    {
      invoices: {
        InvoiceOrder: [
          {
            CustomerId: customer.id,
            OrderStatus: 'Draft',
            IncludeVAT: null,
            InvoiceRows: { InvoiceRow: [{ ProductId: product, Price: 1450, Name: 'Rådgivning', Quantity: 7.5, ProjectId: p.id }] },
          },
          { CustomerId: 999999, OrderStatus: 'Draft', IncludeVAT: null },
        ],
      },
    },
    sid,
  );
} finally {
  await sim.close();
}

const called = new Set(results.map((r) => r.op));
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.op}${r.note ? ` — ${r.note}` : ''}`);
for (const ops of Object.values(SERVED_OPERATIONS)) {
  for (const op of ops) {
    if (called.has(op)) continue;
    if (ASSUMED_OPERATIONS.includes(op)) console.log(`SKIP ${op} — [A] no public WSDL, a WSDL-driven client cannot call it`);
    else {
      console.log(`FAIL ${op} — served but not checked`);
      results.push({ op, ok: false, note: 'unchecked' });
    }
  }
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed}/${results.length} passed`);
process.exit(failed ? 1 : 0);
