import { useState } from 'preact/hooks';
import type { SettingsView } from '../../utils/protocol/answers';
import type { BaseUrls } from '../../utils/domain/settings';
import type { UserError } from '../../utils/domain/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';
import { say } from '../../components/say';

const FIELDS: { key: keyof BaseUrls; label: string }[] = [
  { key: 'tfsoApi', label: 'labelTfsoApi' },
  { key: 'tfsoWebservices', label: 'labelTfsoWebservices' },
  { key: 'busyApi', label: 'labelBusyApi' },
  { key: 'busyWeb', label: 'labelBusyWeb' },
];
type Errors = Partial<Record<keyof BaseUrls, UserError>>;

/** Where each system answers. Each address is tried when saved; the result is shown by its field. */
export function AddressesForm({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView) => void }) {
  const [urls, setUrls] = useState<BaseUrls>(settings.urls);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<UserError | null>(null);

  const local = (): Errors => {
    const out: Errors = {};
    for (const f of FIELDS) {
      if (!/^https?:\/\/[^\s/]+/.test(urls[f.key].trim()))
        out[f.key] = { code: 'invalidUrl', messageKey: 'errInvalidUrl', substitutions: [urls[f.key]] };
    }
    if (!out.busyApi && !/\/v2\/?$/.test(urls.busyApi.trim()))
      out.busyApi = { code: 'invalidUrl', messageKey: 'errBusyApiSuffix', substitutions: [] };
    return out;
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    setError(null);
    const bad = local();
    setErrors(bad);
    if (Object.keys(bad).length) return document.getElementById(`url-${Object.keys(bad)[0]}`)?.focus();
    setBusy(true);
    const res = await request({ type: 'settings/saveUrls', urls });
    setBusy(false);
    if (!res.ok) return setError(res.error);
    const fields = Object.fromEntries(Object.entries(res.data.fields).filter(([, v]) => v !== null)) as Errors;
    setErrors(fields);
    setSaved(res.data.saved);
    if (res.data.saved) onSaved(res.data.settings);
  };
  return (
    <form onSubmit={submit} aria-labelledby="addresses-form-title" novalidate>
      <h3 id="addresses-form-title">{t('addressesTitle')}</h3>
      <p class="muted">{t('addressesHint')}</p>
      {FIELDS.map((f) => (
        <div key={f.key}>
          <label for={`url-${f.key}`}>{t(f.label)}</label>
          <input
            id={`url-${f.key}`}
            type="url"
            value={urls[f.key]}
            aria-invalid={errors[f.key] ? 'true' : undefined}
            aria-describedby={errors[f.key] ? `url-${f.key}-error` : saved ? `url-${f.key}-ok` : undefined}
            onInput={(e) => setUrls({ ...urls, [f.key]: (e.target as HTMLInputElement).value })}
          />
          {errors[f.key] && (
            <p class="field-error" id={`url-${f.key}-error`} data-testid={`url-${f.key}-error`}>
              {say({ messageKey: errors[f.key]!.messageKey, args: errors[f.key]!.substitutions })}
            </p>
          )}
          {saved && (
            <p class="field-ok" id={`url-${f.key}-ok`}>
              {t('addressAnswers')}
            </p>
          )}
        </div>
      ))}
      <div class="row">
        <button type="submit" id="save-addresses" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
          {busy && <span class="spinner" aria-hidden="true" />}
          {t(busy ? 'tryingAddresses' : 'saveAddresses')}
        </button>
        {saved && (
          <span class="field-ok" role="status" data-testid="addresses-saved">
            {t('addressesSaved')}
          </span>
        )}
        {!saved && Object.keys(errors).length > 0 && (
          <span class="field-error" role="alert">
            {t('addressesNotSaved')}
          </span>
        )}
      </div>
      {error && <ErrorLine error={error} />}
    </form>
  );
}
