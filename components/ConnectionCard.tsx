import type { BusyConnection, TfsoConnection } from '../utils/domain/connection-state';
import { t } from '../utils/platform/i18n';
import { STATE_KEYS, connectionAdvice, whoLine } from './connection-view';
import { say, when } from './say';
import { WayButton } from './WayButton';

type Props = ({ system: 'tfso'; conn: TfsoConnection } | { system: 'busy'; conn: BusyConnection }) & {
  /** One line (the popup when all is well); the full card says what is wrong and the way out. */
  line?: boolean;
  onRecheck: () => void;
};

export function ConnectionCard(props: Props) {
  const { system, conn, line, onRecheck } = props;
  const title = t(system === 'tfso' ? 'systemTfso' : 'systemBusy');
  const who = whoLine(system, conn);
  const whoText = who && say(who);
  const advice = line ? null : connectionAdvice(system, conn);
  if (line) {
    return (
      <section class={`card line card--${conn.state}`} data-system={system} data-state={conn.state} aria-label={title}>
        <p title={whoText ?? undefined}>
          <strong>{title}</strong>{' '}
          <span class="badge" role="status">
            {t(STATE_KEYS[conn.state])}
          </span>
          {whoText && (
            <span class="who" data-testid={`${system}-who`}>
              {' '}
              · {whoText}
            </span>
          )}
        </p>
      </section>
    );
  }
  return (
    <section class={`card card--${conn.state}`} data-system={system} data-state={conn.state} aria-label={title}>
      <h2>
        {title}{' '}
        <span class="badge" role="status">
          {t(STATE_KEYS[conn.state])}
        </span>
      </h2>
      {whoText && (
        <p class="who" data-testid={`${system}-who`}>
          {whoText}
        </p>
      )}
      {advice && (
        <>
          <p data-testid={`${system}-advice`}>{say(advice.said)}</p>
          {advice.detail && (
            <details class="detail">
              <summary>{t('detailsLabel')}</summary>
              <span>{advice.detail}</span>
            </details>
          )}
          <div class="row">
            <WayButton way={advice.way} primary onRecheck={onRecheck} />
          </div>
        </>
      )}
      <p class="muted">{t('checkedAt', [when(conn.checkedAt)])}</p>
    </section>
  );
}
