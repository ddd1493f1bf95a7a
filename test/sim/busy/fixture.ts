// A small, hand-written Busy company for the simulator's own tests, so they do not depend on what
// the demo seed happens to contain. Names carry æøå, < and & to prove escaping.
import { makeSeed } from '../seeds/index.js';
import type { SeedCompany } from '../seeds/types.js';

export const NOW = '2026-11-18T12:00:00.000Z'; // Wednesday, ISO week 2026-W47
export const TOKEN = 'test-token-0123456789';
export const EMAIL = 'admin@fjordlys.test';
export const PASSWORD = 'hemmelig-Æ1';

export function fixtureSeed(): SeedCompany {
  const base = makeSeed('empty');
  const at = (d: string) => `${d}T10:00:00.000Z`;
  return {
    ...base,
    now: NOW,
    busy: {
      token: TOKEN,
      email: EMAIL,
      password: PASSWORD,
      users: [
        {
          id: '1',
          email: EMAIL,
          displayName: 'Åse Ærlig',
          isAdmin: true,
          isActive: true,
          externalId: null,
          employeeCode: null,
          tfsoContactId: null,
        },
        {
          id: '2',
          email: 'bjorn@fjordlys.test',
          displayName: 'Bjørn <Berg> & Co',
          isAdmin: false,
          isActive: true,
          externalId: null,
          employeeCode: '7',
          tfsoContactId: null,
        },
        {
          id: '3',
          email: 'old@fjordlys.test',
          displayName: 'Gammel Bruker',
          isAdmin: false,
          isActive: false,
          externalId: null,
          employeeCode: null,
          tfsoContactId: null,
        },
      ],
      clients: [
        { id: '10', name: 'Kunde Én AS', organizationNumber: '912345678', externalId: '501', isActive: true, updatedAt: at('2026-11-01') },
        { id: '11', name: 'Arkivert Kunde AS', organizationNumber: null, externalId: '502', isActive: false, updatedAt: at('2026-11-02') },
        { id: '12', name: 'Kunde Tre AS', organizationNumber: null, externalId: null, isActive: true, updatedAt: at('2026-11-03') },
      ],
      projects: [
        {
          id: '20',
          number: '101',
          name: 'Nettside & <app>',
          clientId: '10',
          externalId: '101',
          isActive: true,
          isTaskBased: false,
          isBillable: true,
          updatedAt: at('2026-11-05'),
          userIds: ['1', '2'],
          tagIds: ['30', '31'],
        },
        {
          id: '21',
          number: '102',
          name: 'Gammelt prosjekt',
          clientId: '11',
          externalId: '102',
          isActive: false,
          isTaskBased: false,
          isBillable: true,
          updatedAt: at('2026-11-06'),
          userIds: ['1'],
          tagIds: ['30'],
        },
      ],
      tags: [
        { id: '30', name: 'Rådgivning', externalId: '1', isActive: true, updatedAt: at('2026-11-01') },
        { id: '31', name: 'Utvikling', externalId: '2', isActive: true, updatedAt: at('2026-11-01') },
        { id: '32', name: 'Utgått', externalId: '3', isActive: false, updatedAt: at('2026-11-01') },
      ],
      tasks: [
        {
          id: '40',
          projectId: '20',
          name: 'Design',
          state: 'todo',
          externalId: null,
          isActive: true,
          assigneeIds: ['2'],
          updatedAt: at('2026-11-07'),
        },
      ],
      hourEntries: [
        // Week 47 for user 2 on project 20.
        he('50', '2', '30', '2026-11-16T08:00:00.000Z', 120, 'submitted', 'Møte <kunde> & plan'),
        he('51', '2', '31', '2026-11-17T08:00:00.000Z', 240, 'none', 'Koding'),
        he('52', '2', '31', '2026-11-18T08:00:00.000Z', 60, 'approved', null),
        // Week 46.
        he('53', '2', '30', '2026-11-10T08:00:00.000Z', 90, 'approved', 'Forrige uke'),
        he('54', '1', '30', '2026-11-11T08:00:00.000Z', 30, 'submitted', 'Admin'),
      ],
    },
  };
}

function he(
  id: string,
  userId: string,
  tagId: string,
  start: string,
  minutes: number,
  approvalStatus: 'none' | 'submitted' | 'approved',
  description: string | null,
) {
  const stop = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return {
    id,
    userId,
    projectId: '20',
    tagId,
    taskId: null,
    startTime: start,
    stopTime: stop,
    totalMinutes: minutes,
    billableMinutes: minutes,
    description,
    approvalStatus,
    isActive: true,
    externalId: null,
    updatedAt: stop,
  };
}
