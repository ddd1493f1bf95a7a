// 24SO master-data client against canned answers: what goes on the wire, and how answers the
// simulator does not produce (.NET's omitted defaults, a 404, a server ignoring Page) are read.
import { describe, expect, it } from 'vitest';
import { BadResponseError, RemoteFaultError } from '../../utils/core/errors';
import { getAllCompanySyncItems } from '../../utils/tfso/company';
import { getProjectList, getProjectParticipants, getProjectStatuses, saveProject, saveProjectTask } from '../../utils/tfso/project';
import type { TfsoContext } from '../../utils/tfso/soap';
import { getWorkTypeList, saveWorkType } from '../../utils/tfso/time';
import { caught, fakeHttp, soapFault, soapOk } from '../support/http-fakes';

const bases = { api: 'http://api.test', webservices: 'http://ws.test' };
const ctxWith = (route: Parameters<typeof fakeHttp>[0]) => {
  const h = fakeHttp(route);
  return { ctx: { http: h.http, bases } satisfies TfsoContext, calls: h.calls };
};
/** Element names inside `<wrapper>` of a request body, in order. */
const childNames = (body: string, wrapper: string) => {
  const inner = new RegExp(`<${wrapper}>(.*)</${wrapper}>`).exec(body)?.[1] ?? '';
  return [...inner.matchAll(/<([A-Za-z]+)[ />]/g)].map((m) => m[1]);
};

describe('24SO master data: requests', () => {
  it('SaveProject sends NameDisplay and TimeReg (required enums) in WSDL order and never Owner', async () => {
    const { ctx, calls } = ctxWith(() => soapOk('SaveProject', '1042'));
    expect(await saveProject(ctx, { name: 'Bryggen & co', customerId: 10001, statusId: 1, projectLeaderContactId: 1002 })).toBe(1042);
    const body = calls[0]!.body;
    expect(childNames(body, 'project')).toEqual(['Name', 'NameDisplay', 'CustomerId', 'StatusId', 'TimeReg', 'Participants', 'int']);
    expect(body).toContain('<Name>Bryggen &amp; co</Name><NameDisplay>Plain</NameDisplay>');
    expect(body).toContain('<TimeReg>WorkType</TimeReg><Participants><int>1002</int></Participants>');
    expect(body).not.toContain('Owner');
    expect(calls[0]!.url).toBe('http://ws.test/Project/V001/ProjectService.asmx');
  });

  it('SaveProjectTask sends Status as xsi:nil when unknown, dates as UTC dateTime', async () => {
    const { ctx, calls } = ctxWith(() => soapOk('SaveProjectTask', '77'));
    await saveProjectTask(ctx, {
      projectId: 101,
      name: 'T',
      dateStart: new Date('2026-12-01T00:00:00+01:00'),
      dateStop: new Date('2026-12-02T10:00:00Z'),
      participants: [],
    });
    const body = calls[0]!.body;
    expect(childNames(body, 'task')).toEqual(['Name', 'DateStart', 'DateStop', 'Project', 'Status', 'Participants']);
    expect(body).toContain('<DateStart>2026-11-30T23:00:00</DateStart><DateStop>2026-12-02T10:00:00</DateStop>');
    expect(body).toContain('<Status xsi:nil="true" />');
  });

  it('SaveWorkType sends the required Id (0 for new) and Invoiceable', async () => {
    const { ctx, calls } = ctxWith(() => soapOk('SaveWorkType', '9'));
    expect(await saveWorkType(ctx, { name: 'Kurs', invoiceable: false })).toBe(9);
    expect(childNames(calls[0]!.body, 'workType')).toEqual(['Id', 'Name', 'Invoiceable']);
    expect(calls[0]!.body).toContain('<Id>0</Id>');
  });
});

describe('24SO master data: answers', () => {
  it('.NET leaves out defaults: a Status without Active is active, a WorkType Price of decimal.MinValue is null', async () => {
    const { ctx } = ctxWith((req) =>
      req.body.includes('GetProjectStatuses')
        ? soapOk('GetProjectStatuses', '<Status><Id>1</Id><Name>Aktiv</Name></Status><Status><Id>3</Id><Active>false</Active></Status>')
        : soapOk(
            'GetWorkTypeList',
            '<WorkType><Id>5</Id><Name>Møte</Name><Invoiceable>true</Invoiceable><Price>-79228162514264337593543950335</Price></WorkType>',
          ),
    );
    expect(await getProjectStatuses(ctx)).toEqual([
      { id: 1, name: 'Aktiv', active: true },
      { id: 3, name: '', active: false },
    ]);
    expect(await getWorkTypeList(ctx)).toEqual([
      { id: 5, name: 'Møte', invoiceable: true, price: null, productId: null, description: null },
    ]);
  });

  it('participants: only Participating and ProjectInitiater count as members (invitations and removals do not)', async () => {
    const part = (id: number, state: string) =>
      `<Participant><ContactId>${id}</ContactId><State>0</State><StateName>${state}</StateName></Participant>`;
    const { ctx, calls } = ctxWith(() =>
      soapOk(
        'GetProjectParticipants',
        '<ProjectParticipants><ProjectId>7</ProjectId><Participants>' +
          part(1, 'ProjectInitiater') +
          part(2, 'Participating') +
          part(3, 'InvitationSent') +
          part(4, 'Removed') +
          '</Participants></ProjectParticipants><ProjectParticipants><ProjectId>8</ProjectId><Participants /></ProjectParticipants>',
      ),
    );
    expect(await getProjectParticipants(ctx, { projectIds: [7, 8] })).toEqual(
      new Map([
        [7, [1, 2]],
        [8, []],
      ]),
    );
    expect(calls[0]!.body).toContain('<ProjectIds><int>7</int><int>8</int></ProjectIds><ChangedAfter xsi:nil="true" />');
  });

  it('a project without Id → BadResponseError naming GetProjectList and the field', async () => {
    const { ctx } = ctxWith(() =>
      soapOk(
        'GetProjectList',
        '<Project><Id>1</Id><NameDisplay>Plain</NameDisplay><TimeReg>WorkType</TimeReg></Project><Project><Name>Uten id</Name></Project>',
      ),
    );
    const e = await caught(getProjectList(ctx, {}));
    expect(e).toBeInstanceOf(BadResponseError);
    expect(e).toMatchObject({ operation: 'GetProjectList', path: '[1].Id' });
  });

  it('SaveProject answering no id → BadResponseError (not a silent 0)', async () => {
    const { ctx } = ctxWith(() => soapOk('SaveProject', '0'));
    await expect(saveProject(ctx, { name: 'X', customerId: null })).rejects.toMatchObject({
      operation: 'SaveProject',
      path: 'SaveProjectResult',
    });
  });

  it('a server that ignores Page (always page 1) → BadResponseError, not an endless loop', async () => {
    const page =
      '<CurrentPage>1</CurrentPage><TotalPages>3</TotalPages><TotalItems>3</TotalItems><ItemsPerPage>1</ItemsPerPage>' +
      '<Items><SyncCompany><CompanyId>1</CompanyId><DateRegistered>2026-01-01T00:00:00Z</DateRegistered><Active>true</Active></SyncCompany></Items>';
    const { ctx, calls } = ctxWith(() => soapOk('GetCompanySyncList', page));
    const e = await caught(getAllCompanySyncItems(ctx, { active: true }));
    expect(e).toMatchObject({ operation: 'GetCompanySyncList', path: 'CurrentPage' });
    expect(calls).toHaveLength(2);
  });

  it('[A] SaveWorkType on a server without it: HTTP 404 or an unknown-SOAPAction fault → RemoteFaultError naming SaveWorkType', async () => {
    const notFound = ctxWith(() => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }));
    const e1 = await caught(saveWorkType(notFound.ctx, { name: 'X', invoiceable: true }));
    expect(e1).toBeInstanceOf(RemoteFaultError);
    expect(e1).toMatchObject({ operation: 'SaveWorkType', status: 404 });
    expect(e1.remoteMessage).toMatch(/does not offer SaveWorkType/);
    const unknown = ctxWith(() =>
      soapFault('Server did not recognize the value of HTTP Header SOAPAction: http://24sevenOffice.com/webservices/SaveWorkType.', ''),
    );
    const e2 = await caught(saveWorkType(unknown.ctx, { name: 'X', invoiceable: true }));
    expect(e2).toMatchObject({ operation: 'SaveWorkType' });
    expect(e2.remoteMessage).toMatch(/does not offer SaveWorkType.*did not recognize/);
    // other refusals keep their own message
    const other = ctxWith(() => soapFault('Price must not be negative'));
    const e3 = await caught(saveWorkType(other.ctx, { name: 'X', invoiceable: true, price: -1 }));
    expect(e3.remoteMessage).toBe('Price must not be negative');
  });
});
