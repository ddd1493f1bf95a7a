import { useState } from 'preact/hooks';
import type { SettingsView } from '../../utils/protocol/answers';
import type { UserError } from '../../utils/domain/connection-state';
import { approvalPatternProblem, DEFAULT_APPROVAL_PATH_PATTERNS, MAX_APPROVAL_PATTERNS } from '../../utils/domain/busy-pages';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';

/**
 * Issue 14: the paths of Busy's pages where the corner control may appear when the approval view
 * cannot be read. One pattern a line; each line is checked, the first wrong one named by the field.
 */
export function ApprovalPathsForm({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView) => void }) {
  const [text, setText] = useState(settings.approvalPaths.join('\n'));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<UserError | null>(null);
  const save = async (patterns: string[]) => {
    setSaved(false);
    setError(null);
    const wrong = patterns.find((p) => approvalPatternProblem(p) !== null);
    if (wrong !== undefined) return setProblem(t('errApprovalPattern', [wrong]));
    if (patterns.length > MAX_APPROVAL_PATTERNS) return setProblem(t('errApprovalPatternCount', [MAX_APPROVAL_PATTERNS]));
    setProblem(null);
    const res = await request({ type: 'settings/setApprovalPaths', patterns });
    if (!res.ok) return setError(res.error);
    onSaved(res.data);
    setText(res.data.approvalPaths.join('\n'));
    setSaved(true);
  };
  const lines = () =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save(lines());
      }}
      aria-labelledby="approval-paths-title"
      novalidate
    >
      <h3 id="approval-paths-title">{t('approvalPathsTitle')}</h3>
      <label for="approval-paths">{t('labelApprovalPaths')}</label>
      <textarea
        id="approval-paths"
        rows={3}
        value={text}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={`approval-paths-hint${problem ? ' approval-paths-error' : ''}`}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <p class="muted" id="approval-paths-hint">
        {t('hintApprovalPaths')}
      </p>
      {problem && (
        <p class="field-error" id="approval-paths-error" data-testid="approval-paths-error">
          {problem}
        </p>
      )}
      <div class="row">
        <button type="submit" id="save-approval-paths">
          {t('save')}
        </button>
        <button type="button" onClick={() => void save([...DEFAULT_APPROVAL_PATH_PATTERNS])}>
          {t('resetDefaults')}
        </button>
        {saved && (
          <span class="field-ok" role="status">
            {t('saved')}
          </span>
        )}
      </div>
      {error && <ErrorLine error={error} />}
    </form>
  );
}
