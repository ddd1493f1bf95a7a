import type { BusyConnection, TfsoConnection } from '../utils/connection-state';
import { t } from '../utils/platform/i18n';
import { STATE_KEYS } from './connection-view';

type Props =
  | { system: 'tfso'; conn: TfsoConnection }
  | { system: 'busy'; conn: BusyConnection };


export function ConnectionCard(props: Props) {
  const { system, conn } = props;
  const title = t(system === 'tfso' ? 'systemTfso' : 'systemBusy');
  return (
    <section class={`card card--${conn.state}`} data-system={system} data-state={conn.state} aria-label={title}>
      <h2>
        {title} <span class="badge" role="status">{t(STATE_KEYS[conn.state])}</span>
      </h2>
      <Detail {...props} />
      <p class="muted">{t('checkedAt', [new Date(conn.checkedAt).toLocaleTimeString()])}</p>
    </section>
  );
}

function Detail(props: Props) {
  const { conn } = props;
  switch (conn.state) {
    case 'checking':
      return null;
    case 'connected':
      if (props.system === 'tfso') {
        const w = (props.conn as Extract<TfsoConnection, { state: 'connected' }>).who;
        return <p class="who" data-testid="tfso-who">{t('tfsoConnectedAs', [w.name, w.contactId, w.clientName])}</p>;
      } else {
        const w = (props.conn as Extract<BusyConnection, { state: 'connected' }>).who;
        return (
          <p class="who" data-testid="busy-who">
            {t('busyConnectedAs', [w.label])} ({t(w.via === 'token' ? 'busyViaToken' : 'busyViaSession')})
          </p>
        );
      }
    case 'notLoggedIn':
      return (
        <p>
          {t(props.system === 'tfso' ? 'tfsoHowToLogin' : 'busyHowToLogin')}{' '}
          <a href={conn.loginUrl} target="_blank" rel="noopener noreferrer">
            {t('openLoginPage')}
          </a>
        </p>
      );
    case 'unreachable':
      return <p>{t('unreachableHint', [conn.url])}</p>;
    case 'error':
      return <p class="error">{t(conn.error.messageKey, conn.error.substitutions)}</p>;
  }
}
