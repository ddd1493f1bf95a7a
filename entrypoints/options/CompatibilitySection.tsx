import { useEffect, useState } from 'preact/hooks';
import type { CapabilitiesView } from '../../utils/protocol/answers';
import type { UserError } from '../../utils/domain/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';

// Issue 14: what the product assumes about the real services beyond their public specs, what is
// known of each (checked from the live WSDLs and Busy's live spec, or seen at run time), and what
// the product does about it; a check on demand and a copyable diagnostic report for support.

const STATE_KEYS = { confirmed: 'capStateConfirmed', absent: 'capStateAbsent', unknown: 'capStateUnknown' };
const SOURCE_KEYS = { spec: 'capSourceSpec', runtime: 'capSourceRuntime' };

type Item = CapabilitiesView['items'][number];

/** What the product does now, given the state. */
function doing(c: Item): string {
  if (c.state === 'absent') return t(c.whenAbsent);
  if (c.state === 'confirmed') return t('capDoesConfirmed');
  if (c.why) return t(c.why);
  return t(c.detection === 'runtime' ? 'capDoesUnknownRuntime' : 'capDoesUnknown');
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : t('capNeverChecked'));

export function CompatibilitySection() {
  const [view, setView] = useState<CapabilitiesView | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const [checking, setChecking] = useState(false);
  const [report, setReport] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    void request({ type: 'capabilities/get' }).then((r) => (r.ok ? setView(r.data) : setError(r.error)));
  }, []);

  const checkAgain = async () => {
    setChecking(true);
    setError(null);
    const r = await request({ type: 'capabilities/check' });
    setChecking(false);
    if (r.ok) setView(r.data);
    else setError(r.error);
  };

  const makeReport = async () => {
    setCopied(false);
    const r = await request({ type: 'diagnostics/report' });
    if (r.ok) setReport(r.data.text);
    else setError(r.error);
  };

  const copy = async () => {
    if (report === null) return;
    await navigator.clipboard.writeText(report);
    setCopied(true);
  };

  return (
    <section aria-labelledby="compat-title" id="compatibility">
      <h2 id="compat-title">{t('sectionCompatibility')}</h2>
      <p class="muted">{t('compatIntro')}</p>
      {error && (
        <p class="error" role="alert">
          {t(error.messageKey, error.substitutions)}
        </p>
      )}
      {view && (
        <>
          <p id="compat-checked">
            {t('compatCheckedAt', [when(view.checkedAt)])}
            {view.busySpecUrl && <> · {t('compatBusySpecAt', [view.busySpecUrl])}</>}
          </p>
          <table class="mapping" data-testid="capabilities">
            <thead>
              <tr>
                <th scope="col">{t('colAssumption')}</th>
                <th scope="col">{t('colState')}</th>
                <th scope="col">{t('colWhatWeDo')}</th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((c) => (
                <tr key={c.id} data-capability={c.id} data-state={c.state}>
                  <td>
                    {t(c.title)}
                    <br />
                    <span class="muted">{t(c.feature)}</span>
                  </td>
                  <td>
                    <strong>{t(STATE_KEYS[c.state])}</strong>
                    {c.source && (
                      <>
                        <br />
                        <span class="muted">
                          {t(SOURCE_KEYS[c.source])}, {when(c.checkedAt)}
                        </span>
                      </>
                    )}
                  </td>
                  <td>
                    {doing(c)}
                    {c.evidence && (
                      <details>
                        <summary>{t('capEvidence')}</summary>
                        <code>{c.evidence}</code>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div class="row">
        <button type="button" id="capabilities-check" onClick={() => void checkAgain()} disabled={checking} aria-busy={checking}>
          {checking ? t('compatChecking') : t('compatCheckAgain')}
        </button>
        <button type="button" id="diagnostics-make" onClick={() => void makeReport()}>
          {t('compatMakeReport')}
        </button>
      </div>
      {report !== null && (
        <div>
          <label for="diagnostics-report">{t('compatReportLabel')}</label>
          <textarea id="diagnostics-report" readOnly rows={12} style={{ width: '100%', fontFamily: 'monospace' }} value={report} />
          <div class="row">
            <button type="button" id="diagnostics-copy" onClick={() => void copy()}>
              {t('compatCopyReport')}
            </button>
            {copied && <span role="status">{t('compatCopied')}</span>}
          </div>
        </div>
      )}
    </section>
  );
}
