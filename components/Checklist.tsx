import type { Status } from '../utils/domain/connection-state';
import type { SettingsView } from '../utils/protocol/answers';
import { t } from '../utils/platform/i18n';
import { connectionAdvice, whoLine, type WayOut } from './connection-view';
import { say } from './say';
import type { Said } from '../utils/domain/said';
import { WayButton } from './WayButton';
import { MODE_LINE_KEYS } from './HoursPanel';

interface Step {
  id: 'tfso' | 'busy' | 'plan' | 'mode';
  label: string;
  done: boolean;
  note: Said | null;
  way: WayOut | null;
  blocked: Said | null;
  state?: string;
}

export function setupSteps(status: Status, settings: SettingsView): Step[] {
  const conn = (system: 'tfso' | 'busy', label: string): Step => {
    const c = status[system];
    const advice = connectionAdvice(system, c);
    return {
      id: system,
      label,
      done: c.state === 'connected',
      state: c.state,
      note: advice?.said ?? whoLine(system, c) ?? { messageKey: 'stateChecking', args: [] },
      way: advice?.way ?? null,
      blocked: null,
    };
  };
  const both = status.tfso.state === 'connected' && status.busy.state === 'connected';
  return [
    conn('tfso', 'stepConnectTfso'),
    conn('busy', 'stepConnectBusy'),
    {
      id: 'plan',
      label: 'stepReviewPlan',
      done: settings.planConfirmed,
      note: { messageKey: settings.planConfirmed ? 'stepPlanDone' : 'stepPlanNote', args: [] },
      way: { labelKey: 'wayReviewPlan', section: 'step-plan' },
      blocked: both ? null : { messageKey: 'stepNeedsConnections', args: [] },
    },
    {
      id: 'mode',
      label: 'stepChooseMode',
      done: settings.transferMode !== null,
      note: { messageKey: settings.transferMode === null ? 'transferModeNotChosen' : MODE_LINE_KEYS[settings.transferMode], args: [] },
      way: { labelKey: 'wayChooseMode', section: 'step-mode' },
      blocked: null,
    },
  ];
}

/** The set-up is done once the plan is confirmed and a transfer mode chosen. */
export const setupDone = (s: SettingsView) => s.planConfirmed && s.transferMode !== null;

/** Issue 17: until the integration is set up, one checklist; each step its state and one button. */
export function Checklist({ status, settings, onRecheck }: { status: Status; settings: SettingsView; onRecheck: () => void }) {
  const steps = setupSteps(status, settings);
  const current = steps.find((s) => !s.done);
  return (
    <section aria-labelledby="checklist-title" data-testid="checklist">
      <h2 id="checklist-title">{t('checklistTitle')}</h2>
      <ol class="checklist">
        {steps.map((s, i) => (
          <li
            key={s.id}
            data-step={s.id}
            data-done={String(s.done)}
            aria-current={s === current ? 'step' : undefined}
            data-system={s.state && s.id}
            data-state={s.state}
          >
            <span class="step-mark" aria-hidden="true">
              {s.done ? '✓' : i + 1}
            </span>
            <div>
              <p class="step-title">
                {t(s.label)} <span class="sr-only">({t(s.done ? 'stepDone' : 'stepTodo')})</span>
              </p>
              {/* A done step keeps one line (who is connected); the others say what to do. */}
              {s.note && (!s.done || s.state) && (
                <p
                  class="muted"
                  data-testid={s.state === 'connected' ? `${s.id}-who` : `step-${s.id}-note`}
                  title={s.done ? say(s.note) : undefined}
                >
                  {say(s.note)}
                </p>
              )}
              {!s.done && s.way && (
                <div class="row">
                  <WayButton
                    way={s.way}
                    primary={s === current}
                    onRecheck={onRecheck}
                    disabled={s.blocked !== null}
                    describedBy={s.blocked ? `step-${s.id}-blocked` : undefined}
                  />
                  {s.blocked && (
                    <span class="muted" id={`step-${s.id}-blocked`}>
                      {say(s.blocked)}
                    </span>
                  )}
                </div>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
