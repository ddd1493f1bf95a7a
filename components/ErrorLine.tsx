import type { UserError } from '../utils/domain/connection-state';
import { plainError } from '../utils/domain/said';
import { t } from '../utils/platform/i18n';
import { say } from './say';

/** An error in the reader's words (no operation names), the server's own text folded under it. */
export function ErrorLine({ error, id }: { error: UserError; id?: string }) {
  const { said, detail } = plainError(error);
  return (
    <div class="error" role="alert" id={id} data-code={error.code}>
      <p>{say(said)}</p>
      {detail && (
        <details class="detail">
          <summary>{t('detailsLabel')}</summary>
          <span>{detail}</span>
        </details>
      )}
    </div>
  );
}
