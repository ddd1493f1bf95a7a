import { useState } from 'preact/hooks';
import type { SettingsView } from '../../utils/protocol/answers';
import type { Status, UserError } from '../../utils/domain/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { plainError } from '../../utils/domain/said';
import { say } from '../../components/say';
import { TOKEN_SCOPES_NEEDED } from '../../utils/busy/operations';

/**
 * The Busy API token (used when the browser's Busy login does not work). Tried before it is
 * stored: Busy's answer is shown by the field ("accepted and saved", or why not), never a bare "Saved".
 */
export function BusyTokenForm({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView, status: Status) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; removed: boolean } | { ok: false; error: UserError } | null>(null);

  const save = async (value: string | null) => {
    setBusy(true);
    setResult(null);
    const res = await request({ type: 'busy/setToken', token: value });
    setBusy(false);
    if (!res.ok) return setResult({ ok: false, error: res.error });
    onSaved(res.data.settings, res.data.status);
    if (res.data.saved) {
      setToken('');
      setResult({ ok: true, removed: value === null });
    } else setResult({ ok: false, error: res.data.error! });
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!token.trim())
      return setResult({ ok: false, error: { code: 'required', messageKey: 'errRequired', substitutions: [t('labelBusyToken')] } });
    void save(token.trim());
  };
  const bad = result && !result.ok ? plainError(result.error) : null;
  return (
    <form onSubmit={submit} aria-labelledby="busy-token-title" novalidate>
      <h3 id="busy-token-title">{t('sectionBusyToken')}</h3>
      <p class="muted">{t('busyTokenIntro')}</p>
      <label for="busy-token">{t('labelBusyToken')}</label>
      <input
        id="busy-token"
        type="password"
        autocomplete="off"
        placeholder={settings.hasBusyToken ? t('tokenStoredPlaceholder') : ''}
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={`busy-token-hint busy-token-scopes${result ? ' busy-token-result' : ''}`}
        value={token}
        onInput={(e) => setToken((e.target as HTMLInputElement).value)}
      />
      <p id="busy-token-hint" class="muted">
        {t('hintBusyToken')}
      </p>
      {/* Issue 14: the scopes the product's calls need (utils/busy/operations.ts, from the spec). */}
      <p id="busy-token-scopes" class="muted" data-testid="busy-token-scopes">
        {t('hintBusyTokenScopes', [TOKEN_SCOPES_NEEDED.join(', ')])}
      </p>
      {result?.ok && (
        <p class="field-ok" id="busy-token-result" role="status" data-testid="busy-token-result" data-ok="true">
          {t(result.removed ? 'tokenRemoved' : 'tokenAccepted')}
        </p>
      )}
      {bad && (
        <p
          class="field-error"
          id="busy-token-result"
          role="alert"
          data-testid="busy-token-result"
          data-ok="false"
          data-code={(result as { error: UserError }).error.code}
        >
          {say(bad.said)}
          {bad.detail && ` (${bad.detail})`} {t('tokenNotSaved')}
        </p>
      )}
      <div class="row">
        <button type="submit" id="save-busy-token" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy && <span class="spinner" aria-hidden="true" />}
          {t(busy ? 'tryingToken' : 'saveToken')}
        </button>
        {settings.hasBusyToken && (
          <button type="button" id="remove-busy-token" disabled={busy} onClick={() => void save(null)}>
            {t('removeToken')}
          </button>
        )}
      </div>
    </form>
  );
}
