// The user mapping's precedence: override → externalId → employee code → a unique normalised name.
import { describe, expect, it } from 'vitest';
import { buildUserMapping } from '../../utils/sync/users';

const bu = (id: string, displayName: string, o: { externalId?: string; employeeCode?: string } = {}) => ({
  id,
  email: `${id}@x.no`,
  displayName,
  externalId: o.externalId ?? null,
  employeeCode: o.employeeCode ?? null,
});
const tu = (contactId: number, name: string, employeeId: number | null = null) => ({ contactId, name, employeeId });

describe('buildUserMapping', () => {
  it('matches by employee code, then by name with case, spacing and Unicode form ignored', () => {
    const m = buildUserMapping(
      [bu('1', 'Ola Hansen', { employeeCode: '7' }), bu('2', '  ÅSE   lie ')],
      [tu(100, 'Someone Else', 7), tu(200, 'Åse Lie'.normalize('NFD'))],
    );
    expect(m.toTfso.get('1')).toBe(100);
    expect(m.how.get('1')).toBe('employeeCode');
    expect(m.toTfso.get('2')).toBe(200);
    expect(m.how.get('2')).toBe('name');
    expect(m.toBusy.get(200)).toBe('2');
  });

  it('an ambiguous name matches nobody; an override wins and null means "no 24SO user"', () => {
    const m = buildUserMapping(
      [bu('1', 'Per'), bu('2', 'Pål'), bu('3', 'Kari', { employeeCode: '5' })],
      [tu(10, 'Per'), tu(11, 'per '), tu(30, 'Kari', 5), tu(40, 'Other')],
      { '2': 40, '3': null },
    );
    expect(m.toTfso.has('1')).toBe(false);
    expect(m.toTfso.get('2')).toBe(40);
    expect(m.how.get('2')).toBe('override');
    expect(m.toTfso.has('3')).toBe(false);
    expect(m.unmapped.sort()).toEqual(['1', '3']);
  });

  it('is one-to-one: a contact taken by an override or externalId is not given to a second user', () => {
    const m = buildUserMapping([bu('1', 'A', { externalId: '10' }), bu('2', 'B', { employeeCode: '1' })], [tu(10, 'B', 1)]);
    expect(m.toTfso.get('1')).toBe(10);
    expect(m.toTfso.has('2')).toBe(false);
  });
});

describe('users without an e-mail address (issue 14: the real Busy sends "email": "")', () => {
  it('are mapped by employee code and name like any user; suggestions use the name alone', async () => {
    const { mappingRows, similarity } = await import('../../utils/services/user-mapping');
    const noMail = (id: string, name: string, employeeCode: string | null = null) => ({
      id,
      email: '',
      displayName: name,
      externalId: null,
      employeeCode,
      isActive: true,
    });
    const m = buildUserMapping([noMail('1', 'Ola Hansen', '7'), noMail('2', 'Åse Lie')], [tu(100, 'Ola H.', 7), tu(200, 'Åse Lie')]);
    expect([m.toTfso.get('1'), m.toTfso.get('2')]).toEqual([100, 200]);
    expect(similarity({ name: 'Kari Nordmann', email: '' }, 'Kari Nordmann')).toBe(1);
    expect(similarity({ name: 'K. N.', email: '' }, 'Kari Nordmann')).toBe(0);
    const rows = mappingRows([noMail('3', 'Kari Berg')], [tu(300, 'Kari Nordmann'), tu(301, 'Per Berg')], {});
    expect(rows).toEqual([
      {
        busyUserId: '3',
        name: 'Kari Berg',
        email: '',
        contactId: null,
        how: 'none',
        suggestions: [
          { contactId: 300, name: 'Kari Nordmann' },
          { contactId: 301, name: 'Per Berg' },
        ],
      },
    ]);
  });
});
