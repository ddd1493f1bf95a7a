import { useEffect, useState } from 'preact/hooks';
import type { TransferLogEntry } from '../../utils/store/hours-types';
import type { UserError } from '../../utils/domain/connection-state';
import { exportCsv } from '../../utils/hours/csv';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';

const SHOWN = 200;

/** What was sent, when, on whom, with both systems' ids; exportable as CSV. */
export function TransferLog() {
  const [log, setLog] = useState<TransferLogEntry[] | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  useEffect(() => {
    void request({ type: 'hours/log' }).then((res) => (res.ok ? setLog(res.data) : setError(res.error)));
  }, []);
  const download = () => {
    const blob = new Blob([exportCsv(log ?? [])], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `busy-24so-transfer-log-${new Date().toISOString().slice(0, 10)}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <section aria-labelledby="log-title" id="transfer-log">
      <h2 id="log-title">{t('sectionTransferLog')}</h2>
      {error && <ErrorLine error={error} />}
      {log && log.length === 0 && <p class="muted">{t('transferLogEmpty')}</p>}
      {log && log.length > 0 && (
        <>
          <button type="button" id="export-csv" onClick={download}>
            {t('exportCsv')}
          </button>
          <table class="mapping" data-testid="transfer-log">
            <thead>
              <tr>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colWhat')}</th>
                <th scope="col">{t('colIds')}</th>
                <th scope="col">{t('colOnWhom')}</th>
                <th scope="col">{t('colHours')}</th>
              </tr>
            </thead>
            <tbody>
              {[...log]
                .reverse()
                .slice(0, SHOWN)
                .map((e) => (
                  <tr key={e.id}>
                    <td>{new Date(e.at).toLocaleString()}</td>
                    <td>{e.op}</td>
                    <td>
                      Busy {e.busyId} → 24SO {e.tfsoId}
                    </td>
                    <td>{e.contactId ?? ''}</td>
                    <td>{e.hours ?? ''}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
