import { useEffect, useState } from 'preact/hooks';
import type { IdentityChoice, SettingsView } from '../../utils/protocol/answers';
import type { Status, UserError } from '../../utils/domain/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Field = 'username' | 'password' | 'applicationId';

/**
 * R1: connecting 24SO. Connected through the browser's own login, that is said, and the
 * username/password form waits behind "log in here instead" (no empty fields that look required).
 * Each field's error is shown by the field; the result of Connect by the button.
 */
export function ConnectTfsoForm({
  settings,
  status,
  onStatus,
}: {
  settings: SettingsView;
  status: Status | null;
  onStatus: (s: Status) => void;
}) {
  const [username, setUsername] = useState(settings.tfso.username ?? '');
  const [password, setPassword] = useState('');
  const [applicationId, setApplicationId] = useState(settings.tfso.applicationId ?? '');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<UserError | null>(null);
  const [connected, setConnected] = useState<string | null>(null);
  const [identities, setIdentities] = useState<IdentityChoice[]>([]);
  const [chosen, setChosen] = useState('');
  const viaBrowser = status?.tfso.state === 'connected';

  const loadIdentities = async () => {
    const res = await request({ type: 'tfso/identities' });
    if (res.ok) {
      setIdentities(res.data);
      setChosen(res.data.find((i) => i.isCurrent)?.id ?? res.data[0]?.id ?? '');
    }
  };
  useEffect(() => void loadIdentities(), [viaBrowser]);

  const check = (): Partial<Record<Field, string>> => {
    const out: Partial<Record<Field, string>> = {};
    if (!username.trim()) out.username = t('errRequired', [t('labelUsername')]);
    if (!password) out.password = t('errRequired', [t('labelPassword')]);
    if (!GUID.test(applicationId.trim())) out.applicationId = t('errApplicationId');
    return out;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const errs = check();
    setFieldErrors(errs);
    setConnected(null);
    if (Object.keys(errs).length) {
      document.getElementById(`tfso-${Object.keys(errs)[0] === 'applicationId' ? 'application-id' : Object.keys(errs)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const res = await request({ type: 'tfso/connect', username: username.trim(), password, applicationId: applicationId.trim() });
    setBusy(false);
    setPassword('');
    if (res.ok) {
      onStatus(res.data);
      if (res.data.tfso.state === 'connected') setConnected(res.data.tfso.who.clientName);
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
  const fieldProps = (f: Field) => ({
    'aria-invalid': fieldErrors[f] ? ('true' as const) : undefined,
    'aria-describedby':
      [fieldErrors[f] && `tfso-${f}-error`, f === 'applicationId' && 'tfso-application-id-hint'].filter(Boolean).join(' ') || undefined,
  });

  const form = (
    <form onSubmit={submit} aria-labelledby="connect-title" novalidate>
      <h3 id="connect-title">{t('sectionConnectTfso')}</h3>
      <p class="muted">{t('connectTfsoHint')}</p>
      <label for="tfso-username">{t('labelUsername')}</label>
      <input
        id="tfso-username"
        autocomplete="username"
        value={username}
        onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
        {...fieldProps('username')}
      />
      {fieldErrors.username && (
        <p class="field-error" id="tfso-username-error">
          {fieldErrors.username}
        </p>
      )}
      <label for="tfso-password">{t('labelPassword')}</label>
      <input
        id="tfso-password"
        type="password"
        autocomplete="current-password"
        value={password}
        onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        {...fieldProps('password')}
      />
      {fieldErrors.password && (
        <p class="field-error" id="tfso-password-error">
          {fieldErrors.password}
        </p>
      )}
      <label for="tfso-application-id">{t('labelApplicationId')}</label>
      <input
        id="tfso-application-id"
        value={applicationId}
        onInput={(e) => setApplicationId((e.target as HTMLInputElement).value)}
        {...fieldProps('applicationId')}
      />
      <p class="muted" id="tfso-application-id-hint">
        {t('hintApplicationId')}
      </p>
      {fieldErrors.applicationId && (
        <p class="field-error" id="tfso-applicationId-error">
          {fieldErrors.applicationId}
        </p>
      )}
      <div class="row">
        <button type="submit" id="tfso-connect" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy && <span class="spinner" aria-hidden="true" />}
          {busy ? t('connecting') : t('connect')}
        </button>
        {connected && (
          <span class="field-ok" role="status" data-testid="tfso-connect-result">
            {t('connectedTo', [connected])}
          </span>
        )}
      </div>
      {error && <ErrorLine error={error} id="tfso-connect-error" />}
    </form>
  );

  return (
    <div>
      {viaBrowser ? (
        <details data-testid="tfso-login-instead">
          <summary>{t('tfsoLoginInstead')}</summary>
          {form}
        </details>
      ) : (
        form
      )}
      {identities.length > 1 && (
        <div>
          <label for="tfso-identity">{t('labelIdentity')}</label>
          <select id="tfso-identity" value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            {identities.map((i) => (
              <option key={i.id} value={i.id}>
                {i.clientName}
              </option>
            ))}
          </select>
          <div class="row">
            <button type="button" id="tfso-use-identity" onClick={() => void useIdentity()}>
              {t('useIdentity')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
