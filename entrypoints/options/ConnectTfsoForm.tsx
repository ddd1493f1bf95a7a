import { useEffect, useState } from 'preact/hooks';
import type { IdentityChoice, SettingsView } from '../../utils/messages';
import type { Status, UserError } from '../../utils/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ConnectTfsoForm({ settings, onStatus }: { settings: SettingsView; onStatus: (s: Status) => void }) {
  const [username, setUsername] = useState(settings.tfso.username ?? '');
  const [password, setPassword] = useState('');
  const [applicationId, setApplicationId] = useState(settings.tfso.applicationId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserError | null>(null);
  const [identities, setIdentities] = useState<IdentityChoice[]>([]);
  const [chosen, setChosen] = useState('');

  const loadIdentities = async () => {
    const res = await request({ type: 'tfso/identities' });
    if (res.ok) {
      setIdentities(res.data);
      setChosen(res.data.find((i) => i.isCurrent)?.id ?? res.data[0]?.id ?? '');
    }
  };
  useEffect(() => void loadIdentities(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!username.trim()) return setError({ code: 'required', messageKey: 'errRequired', substitutions: [t('labelUsername')] });
    if (!password) return setError({ code: 'required', messageKey: 'errRequired', substitutions: [t('labelPassword')] });
    if (!GUID.test(applicationId.trim())) return setError({ code: 'applicationId', messageKey: 'errApplicationId', substitutions: [] });
    setBusy(true);
    setError(null);
    const res = await request({ type: 'tfso/connect', username: username.trim(), password, applicationId: applicationId.trim() });
    setBusy(false);
    setPassword('');
    if (res.ok) {
      onStatus(res.data);
      await loadIdentities();
    } else setError(res.error);
  };
  const useIdentity = async () => {
    const res = await request({ type: 'tfso/setIdentity', identityId: chosen });
    if (res.ok) {
      onStatus(res.data);
      await loadIdentities();
    } else setError(res.error);
  };

  return (
    <form onSubmit={submit} aria-labelledby="connect-title">
      <h2 id="connect-title">{t('sectionConnectTfso')}</h2>
      <p class="muted">{t('connectTfsoHint')}</p>
      <label for="tfso-username">{t('labelUsername')}</label>
      <input id="tfso-username" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      <label for="tfso-password">{t('labelPassword')}</label>
      <input id="tfso-password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      <label for="tfso-application-id">{t('labelApplicationId')}</label>
      <input id="tfso-application-id" value={applicationId} onInput={(e) => setApplicationId((e.target as HTMLInputElement).value)} />
      <div class="row">
        <button type="submit" id="tfso-connect" disabled={busy}>{busy ? t('connecting') : t('connect')}</button>
        {error && <span class="error" role="alert">{t(error.messageKey, error.substitutions)}</span>}
      </div>
      {identities.length > 1 && (
        <div>
          <label for="tfso-identity">{t('labelIdentity')}</label>
          <select id="tfso-identity" value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            {identities.map((i) => (
              <option key={i.id} value={i.id}>{i.clientName}</option>
            ))}
          </select>
          <div class="row">
            <button type="button" id="tfso-use-identity" onClick={() => void useIdentity()}>{t('useIdentity')}</button>
          </div>
        </div>
      )}
    </form>
  );
}
