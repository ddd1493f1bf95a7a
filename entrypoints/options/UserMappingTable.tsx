import { useEffect, useState } from 'preact/hooks';
import type { UserMappingView } from '../../utils/protocol/answers';
import type { UserError } from '../../utils/domain/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';

type View = UserMappingView;

const HOW_KEYS = {
  override: 'howOverride',
  externalId: 'howExternalId',
  employeeCode: 'howEmployeeCode',
  name: 'howName',
  none: 'howNone',
} as const;

/** R17: every Busy user and the 24SO user it is linked to, editable; R18: who gets the unlinked hours. */
export function UserMappingTable() {
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const load = async () => {
    const res = await request({ type: 'users/mapping' });
    if (res.ok) {
      setView(res.data);
      setError(null);
    } else setError(res.error);
  };
  useEffect(() => void load(), []);

  const set = async (busyUserId: string, contactId: number | null | 'auto') => {
    const res = await request({ type: 'users/setMapping', busyUserId, contactId });
    if (res.ok) setView(res.data);
    else setError(res.error);
  };

  return (
    <section aria-labelledby="users-title" id="user-mapping">
      <h2 id="users-title">{t('sectionUsers')}</h2>
      {error && <ErrorLine error={error} />}
      {view && (
        <>
          <p class="muted">{view.integrationUser ? t('unlinkedGoToIntegrationUser', [view.integrationUser.name]) : ''}</p>
          <table class="mapping">
            <thead>
              <tr>
                <th scope="col">{t('colBusyUser')}</th>
                <th scope="col">{t('colTfsoUser')}</th>
                <th scope="col">{t('colHow')}</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.busyUserId} data-busy-user-id={r.busyUserId} data-contact-id={r.contactId ?? ''}>
                  <td>
                    {r.name}
                    <br />
                    <span class="muted">{r.email}</span>
                  </td>
                  <td>
                    <select
                      aria-label={t('mappingFor', [r.name])}
                      value={r.how === 'override' ? String(r.contactId ?? 'none') : 'auto'}
                      onChange={(e) => {
                        const v = (e.target as HTMLSelectElement).value;
                        void set(r.busyUserId, v === 'auto' ? 'auto' : v === 'none' ? null : Number(v));
                      }}
                    >
                      <option value="auto">
                        {t('mappingAuto', [
                          r.contactId === null
                            ? t('mappingNobody')
                            : (view.tfsoUsers.find((u) => u.contactId === r.contactId)?.name ?? String(r.contactId)),
                        ])}
                      </option>
                      <option value="none">{t('mappingNobody')}</option>
                      {view.tfsoUsers.map((u) => (
                        <option key={u.contactId} value={String(u.contactId)}>
                          {u.name} (ContactId {u.contactId})
                        </option>
                      ))}
                    </select>
                    {r.suggestions.length > 0 && (
                      <div class="suggestions">
                        {r.suggestions.map((s) => (
                          <button type="button" key={s.contactId} onClick={() => void set(r.busyUserId, s.contactId)}>
                            {t('useSuggestion', [s.name])}
                          </button>
                        ))}
                      </div>
                    )}
                  </td>
                  <td>{t(HOW_KEYS[r.how])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
