// `overlap`: the demo company before the extension was ever connected, where someone has already
// typed about half of 24SO's customers, projects and work types into Busy by hand: no externalId,
// no links, and the small differences people make (case, extra spaces, "AS" missing, "&" written
// "og", a project without its number). Plus true look-alikes that must NOT be merged, and a few
// genuinely unclear cases that the first sync must put to the admin.
//
// Ground truth for tests: OVERLAP_EXPECTED says what each hand-typed record is.
import { makeSeed } from './company.js';
import type { SeedBusyClient, SeedBusyProject, SeedBusyTag, SeedBusyTask, SeedCompany } from './types.js';

const TYPED_AT = '2026-10-01T08:00:00.000Z';

/** What the hand-typed Busy records are, by Busy id (tests read this instead of guessing). */
export const OVERLAP_EXPECTED = {
  /** Busy client id → the 24SO company it is (linked on the first sync without asking). */
  clients: {
    '12001': 10001,
    '12002': 10002,
    '12003': 10003,
    '12004': 10005,
    '12005': 10006,
    '12006': 10010,
    '12007': 10009,
    '12008': 10012,
  } as Record<string, number>,
  /** Busy projects → 24SO project. */
  projects: {
    '13001': 101,
    '13002': 102,
    '13003': 103,
    '13004': 105,
    '13005': 106,
    '13006': 110,
    '13007': 109,
    '13008': 112,
    '13009': 116,
    '13010': 117,
    '13011': 122,
  } as Record<string, number>,
  /** Busy tags → 24SO work type. */
  tags: { '14001': 1, '14002': 2, '14003': 3, '14004': 8 } as Record<string, number>,
  /** Busy tasks → 24SO task. */
  tasks: { '15001': 503, '15002': 505 } as Record<string, number>,
  /** Look-alikes: Busy records that are NOT the 24SO record they resemble. */
  lookAlikes: {
    clients: { '12009': 'Havbris Eiendom AS ≠ Havbris Sjømat AS', '12010': 'Bjørnstad Arkitekter AS, another organisation number' },
    projects: { '13012': 'Digital strategi 2026 ≠ 2027', '13013': 'Sikkerhetsrevisjon for another customer' },
    tags: { '14005': 'Reisetid ≠ Reise', '14006': 'Kurs og opplæring (Busy only)' },
    tasks: { '15003': 'Betalingsintegrasjon ≠ Betalingsintegrasjon (Vipps & kort)' },
  },
  /** Unclear on purpose: the first sync asks the admin. Key → the right answer. */
  decisions: {
    'customer:tfso:10011': { pick: '12012' }, // Nøkken Barnehage typed twice in Busy; 12012 is the one in use
    'project:busy:13014': { pick: '111' }, // "Foreldreportal" typed without its customer
    'workType:busy:14007': { pick: '7' }, // "Suport": a typo of "Support"
  } as Record<string, { pick: string }>,
} as const;

export function overlapSeed(): SeedCompany {
  const demo = makeSeed('demo');
  const user = (email: string) => {
    const u = demo.busy.users.find((x) => x.email === email);
    if (!u) throw new Error(`overlap seed: no Busy user ${email}`);
    return u.id;
  };
  const [kari, orjan, ase, magnus, ingrid, hakon, sigrid, eirik] = [
    'kari.nordmann',
    'orjan.bo',
    'ase.odegard',
    'magnus.kvaerno',
    'ingrid.strom',
    'hakon.saether',
    'sigrid.lovas',
    'eirik.aas',
  ].map((n) => user(`${n}@fjordlys.no`));
  const org = (companyId: number) => demo.tfso.companies.find((c) => c.id === companyId)!.organizationNumber!;
  const spaced = (o: string) => `NO ${o.slice(0, 3)} ${o.slice(3, 6)} ${o.slice(6)} MVA`;

  const client = (id: number, name: string, organizationNumber: string | null = null): SeedBusyClient => ({
    id: String(id),
    name,
    organizationNumber,
    externalId: null,
    isActive: true,
    updatedAt: TYPED_AT,
  });
  const clients: SeedBusyClient[] = [
    client(12001, 'Havbris Sjømat AS', org(10001)), // organisation number
    client(12002, 'lillehammer sportssenter as'), // case
    client(12003, 'Skagerak  Logistikk'), // double space, AS missing
    client(12004, 'Østlandske Kraft'), // ASA missing
    client(12005, 'Berg og Sønner Bygg AS'), // "&" written "og", no brackets
    client(12006, 'Trondheim Kommune'), // case
    client(12007, 'Vestfold Regnskap og Revisjon', spaced(org(10009))), // organisation number, formatted
    client(12008, 'Hvaler Marina A/S'), // A/S
    client(12009, 'Havbris Eiendom AS'), // look-alike: another company
    client(12010, 'Bjørnstad Arkitekter AS', '998877665'), // look-alike: same name, another organisation number
    client(12011, 'Nøkken barnehage'), // typed twice …
    client(12012, 'Nøkken Barnehage SA'), // … → the admin picks
  ];

  const tag = (id: number, name: string): SeedBusyTag => ({ id: String(id), name, externalId: null, isActive: true, updatedAt: TYPED_AT });
  const tags: SeedBusyTag[] = [
    tag(14001, 'rådgivning'),
    tag(14002, 'Utvikling '),
    tag(14003, 'Prosjektledelse'),
    tag(14004, 'Intern-tid'),
    tag(14005, 'Reisetid'),
    tag(14006, 'Kurs og opplæring'), // look-alike, Busy only
    tag(14007, 'Suport'), // a typo: the admin decides
  ];
  const billable = ['14001', '14002', '14003'];

  const project = (
    id: number,
    name: string,
    clientId: number | null,
    userIds: string[],
    extra: Partial<SeedBusyProject> = {},
  ): SeedBusyProject => ({
    id: String(id),
    number: null,
    name,
    clientId: clientId === null ? null : String(clientId),
    externalId: null,
    isActive: true,
    isTaskBased: false,
    isBillable: clientId !== null,
    updatedAt: TYPED_AT,
    userIds,
    tagIds: clientId === null ? ['14004'] : billable,
    ...extra,
  });
  const projects: SeedBusyProject[] = [
    project(13001, 'Digital strategi 2027', 12001, [kari, orjan], { number: '101' }), // 24SO's number typed in
    project(13002, 'ny nettbutikk', 12002, [magnus, ase, eirik]), // case
    project(13003, 'ERP-innføring ', 12003, [ingrid, hakon]), // trailing space
    project(13004, 'Sikkerhetsrevisjon', 12004, [eirik, magnus]),
    project(13005, 'Rehabilitering  Bryggen 12', 12005, [hakon, kari, sigrid]), // double space
    project(13006, 'Byutvikling Nedre Elvehavn', 12006, [kari, hakon]),
    project(13007, 'ØKONOMIRUTINER', 12007, [ingrid]), // case
    project(13008, 'Havneutvidelse fase 2', 12008, [orjan, hakon]),
    project(13009, 'Intern: Kompetanseheving', null, [kari, orjan, ase]),
    project(13010, 'Intern - salg og tilbud', null, [kari, ingrid]), // punctuation
    project(13011, 'Nettside 2024', 12001, [magnus]), // closed in 24SO, still open in Busy
    project(13012, 'Digital strategi 2026', 12001, [kari]), // look-alike: another year
    project(13013, 'Sikkerhetsrevisjon', 12009, [eirik]), // look-alike: another customer
    project(13014, 'Foreldreportal', null, [magnus, eirik]), // customer missing: the admin decides
  ];

  const task = (id: number, projectId: number, name: string, assigneeIds: string[]): SeedBusyTask => ({
    id: String(id),
    projectId: String(projectId),
    name,
    state: 'in-progress',
    externalId: null,
    isActive: true,
    assigneeIds,
    updatedAt: TYPED_AT,
  });
  const tasks: SeedBusyTask[] = [
    task(15001, 13002, 'designskisser', [ase]),
    task(15002, 13002, 'Brukertesting ', [eirik]),
    task(15003, 13002, 'Betalingsintegrasjon', [magnus]), // look-alike of "Betalingsintegrasjon (Vipps & kort)"
  ];

  return { ...demo, busy: { ...demo.busy, clients, projects, tags, tasks, hourEntries: [] } };
}
