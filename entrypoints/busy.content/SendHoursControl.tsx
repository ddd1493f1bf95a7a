import { useEffect, useState } from 'preact/hooks';
import type { ApprovalView } from '../../utils/busy-pages';
import type { HoursPreview, HoursSendResult } from '../../utils/messages';
import type { UserError } from '../../utils/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';

/**
 * The page's own scripts share our DOM (the shadow root is open for tests and assistive tech) and
 * can call .click() on our button: only a person's click (trusted: real input, or Enter/Space on
 * the focused button) may send anything.
 */
export const onlyPerson = (act: () => void) => (e: Event) => {
  if (e.isTrusted) act();
};

const hours = (minutes: number) => (minutes / 60).toLocaleString(undefined, { maximumFractionDigits: 2 });

/**
 * R23: the "send hours" control of an approval page. It only names the view on screen; the
 * background reads the entries from Busy and decides what is waiting and what is sent.
 */
export function SendHoursControl({ view }: { view: ApprovalView }) {
  const [preview, setPreview] = useState<HoursPreview | null>(null);
  const [result, setResult] = useState<HoursSendResult | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const [sending, setSending] = useState(false);
  const key = JSON.stringify(view);

  useEffect(() => {
    let alive = true;
    setPreview(null);
    setResult(null);
    void request({ type: 'hours/preview', view }).then((res) => {
      if (!alive) return;
      if (res.ok) {
        setPreview(res.data);
        setError(null);
      } else setError(res.error);
    });
    return () => {
      alive = false;
    };
  }, [key]);

  const send = async () => {
    setSending(true);
    const res = await request({ type: 'hours/send', view });
    setSending(false);
    if (res.ok) {
      setResult(res.data);
      setPreview(res.data.preview);
      setError(null);
    } else setError(res.error);
  };
  const openSettings = () => void request({ type: 'options/open' });

  return (
    <section class="control" aria-label={t('sendHoursTitle')} data-testid="send-hours">
      <h2>{t('sendHoursTitle')}</h2>
      {error && <p class="bad" role="alert">{t(error.messageKey, error.substitutions)}</p>}
      {!preview && !error && <p class="muted">{t('stateChecking')}</p>}
      {preview && preview.mode === null && (
        <p data-testid="mode-not-chosen">
          {t('transferModeNotChosen')}{' '}
          <button type="button" class="link" onClick={openSettings}>{t('openOptions')}</button>
        </p>
      )}
      {preview && preview.mode === 'never' && (
        <p data-testid="transfer-off">
          {t('transferOff')}{' '}
          <button type="button" class="link" onClick={openSettings}>{t('openOptions')}</button>
        </p>
      )}
      {preview && preview.mode !== null && preview.mode !== 'never' && (
        <>
          <p data-testid="waiting" data-entries={preview.waiting.entries}>
            {t('hoursWaiting', [preview.waiting.entries, hours(preview.waiting.minutes)])}
            {preview.alreadySent > 0 && <> · {t('hoursAlreadySent', [preview.alreadySent])}</>}
          </p>
          {preview.unmapped.map((u) => (
            <p class="warn" key={u.name} data-testid="unmapped">
              {t('unmappedWarning', [hours(u.minutes), u.name, preview.integrationUser ?? '?'])}
            </p>
          ))}
          {preview.blocked.length > 0 && (
            <ul class="warnings" data-testid="blocked">
              {preview.blocked.map((b) => (
                <li key={b.busyEntryId}>{b.label}: {t(b.reason.messageKey, b.reason.substitutions)}</li>
              ))}
            </ul>
          )}
          {preview.mode === 'on-order' ? (
            <p class="muted">{t('sentOnOrder')}</p>
          ) : (
            <button type="button" id="send-hours" disabled={sending || preview.waiting.entries === 0} onClick={onlyPerson(() => void send())}>
              {sending ? t('sending') : t('sendHoursButton')}
            </button>
          )}
        </>
      )}
      {result && (
        <div role="status" data-testid="send-result" data-sent={result.sent} data-failed={result.failed.length}>
          <p class="ok">{t('sendResult', [result.sent, result.failed.length])}</p>
          {result.failed.length > 0 && (
            <ul class="warnings">
              {result.failed.map((f) => (
                <li key={f.busyEntryId}>{f.label}: {t(f.reason.messageKey, f.reason.substitutions)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
