import { useState } from 'preact/hooks';
import type { SettingsView } from '../../utils/messages';
import type { BaseUrls } from '../../utils/settings';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import type { UserError } from '../../utils/connection-state';
import { TOKEN_SCOPES_NEEDED } from '../../utils/busy/operations';

const FIELDS: { key: keyof BaseUrls; label: string }[] = [
  { key: 'tfsoApi', label: 'labelTfsoApi' },
  { key: 'tfsoWebservices', label: 'labelTfsoWebservices' },
  { key: 'busyApi', label: 'labelBusyApi' },
  { key: 'busyWeb', label: 'labelBusyWeb' },
];

export function AddressesForm({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView) => void }) {
  const [urls, setUrls] = useState<BaseUrls>(settings.urls);
  const [token, setToken] = useState('');
  const [result, setResult] = useState<{ ok: true } | { ok: false; error: UserError } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const invalid = FIELDS.find((f) => !/^https?:\/\/[^\s/]+/.test(urls[f.key]));
    if (invalid) {
      setResult({ ok: false, error: { code: 'invalidUrl', messageKey: 'errInvalidUrl', substitutions: [urls[invalid.key]] } });
      return;
    }
    if (!/\/v2\/?$/.test(urls.busyApi)) {
      setResult({ ok: false, error: { code: 'invalidUrl', messageKey: 'errBusyApiSuffix', substitutions: [] } });
      return;
    }
    // An empty token field keeps the stored token; the placeholder says whether there is one.
    const res = await request({ type: 'settings/save', urls, busyToken: token.trim() === '' ? null : token });
    if (res.ok) {
      onSaved(res.data);
      setToken('');
      setResult({ ok: true });
    } else setResult(res);
  };
  return (
    <form onSubmit={submit} aria-labelledby="addresses-title">
      <h2 id="addresses-title">{t('sectionAddresses')}</h2>
      {FIELDS.map((f) => (
        <div key={f.key}>
          <label for={`url-${f.key}`}>{t(f.label)}</label>
          <input
            id={`url-${f.key}`}
            type="url"
            required
            value={urls[f.key]}
            onInput={(e) => setUrls({ ...urls, [f.key]: (e.target as HTMLInputElement).value })}
          />
        </div>
      ))}
      <label for="busy-token">{t('labelBusyToken')}</label>
      <input
        id="busy-token"
        type="password"
        autocomplete="off"
        placeholder={settings.hasBusyToken ? '••••••••' : ''}
        aria-describedby="busy-token-hint busy-token-scopes"
        value={token}
        onInput={(e) => setToken((e.target as HTMLInputElement).value)}
      />
      <p id="busy-token-hint" class="muted">{t('hintBusyToken')}</p>
      <p id="busy-token-scopes" class="muted">{t('hintBusyTokenScopes', [TOKEN_SCOPES_NEEDED.join(', ')])}</p>
      <div class="row">
        <button type="submit" id="save-addresses">{t('save')}</button>
        {result?.ok && <span role="status">{t('saved')}</span>}
        {result && !result.ok && <span class="error" role="alert">{t(result.error.messageKey, result.error.substitutions)}</span>}
      </div>
    </form>
  );
}
