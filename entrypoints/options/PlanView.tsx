import { useEffect, useState } from 'preact/hooks';
import type { PlanView as PlanViewData } from '../../utils/protocol/answers';
import type { Plan, PlanDecision } from '../../utils/sync/plan-schema';
import type { UserError } from '../../utils/domain/connection-state';
import type { DecisionAnswer } from '../../utils/domain/settings';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';

const KINDS = [
  { kind: 'customer', label: 'kindCustomers' },
  { kind: 'project', label: 'kindProjects' },
  { kind: 'workType', label: 'kindWorkTypes' },
  { kind: 'task', label: 'kindTasks' },
] as const;

const COLUMNS = [
  { key: 'link', label: 'planLink' },
  { key: 'createBusy', label: 'planCreateBusy' },
  { key: 'createTfso', label: 'planCreateTfso' },
  { key: 'archive', label: 'planArchive' },
  { key: 'busyOnly', label: 'planBusyOnly' },
  { key: 'decisions', label: 'planDecisions' },
] as const;

function names(plan: Plan, kind: (typeof KINDS)[number]['kind'], key: (typeof COLUMNS)[number]['key']): string[] {
  const k = plan.kinds[kind];
  if (key === 'link') return k.link.map((l) => (l.busy.name === l.tfso.name ? l.tfso.name : `${l.busy.name} = ${l.tfso.name}`));
  if (key === 'decisions') return k.decisions.map((d) => d.subject.name);
  return k[key].map((r) => r.name);
}

function answerValue(a: DecisionAnswer | undefined): string {
  if (!a) return '';
  return 'pick' in a ? `pick:${a.pick}` : 'new';
}

/** Issue 7: what the first sync will do, the open decisions, and the admin's go-ahead. */
export function PlanView() {
  const [view, setView] = useState<PlanViewData | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    void request({ type: 'plan/get' }).then((res) => {
      setLoading(false);
      if (res.ok) setView(res.data);
      else setError(res.error);
    });
  }, []);

  const decide = async (d: PlanDecision, value: string) => {
    const answer: DecisionAnswer | null = value === '' ? null : value === 'new' ? { createNew: true } : { pick: value.slice(5) };
    const res = await request({ type: 'plan/decide', key: d.key, answer });
    if (res.ok) setView(res.data);
    else setError(res.error);
  };
  const confirm = async () => {
    const res = await request({ type: 'plan/confirm' });
    if (res.ok) setView(res.data);
    else setError(res.error);
  };

  if (loading) return <p class="muted">{t('planLoading')}</p>;
  const decisions = view ? [...Object.values(view.plan.kinds).flatMap((k) => k.decisions), ...view.plan.users.decisions] : [];
  const unanswered = decisions.filter((d) => !view?.decisions[d.key]).length;
  return (
    <section aria-labelledby="plan-title" id="plan" data-confirmed={view ? String(view.confirmed) : ''}>
      <h3 id="plan-title">{t('sectionPlan')}</h3>
      {error && <ErrorLine error={error} />}
      {view && (
        <>
          <p class="muted">{t(view.confirmed ? 'planConfirmedHint' : 'planHint')}</p>
          <table class="mapping" data-testid="plan-table">
            <thead>
              <tr>
                <th scope="col">{t('colKind')}</th>
                {COLUMNS.map((c) => (
                  <th scope="col" key={c.key}>
                    {t(c.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {KINDS.map((k) => (
                <tr key={k.kind} data-kind={k.kind}>
                  <th scope="row">{t(k.label)}</th>
                  {COLUMNS.map((c) => {
                    const list = names(view.plan, k.kind, c.key);
                    return (
                      <td key={c.key} data-col={c.key} data-count={list.length}>
                        {list.length === 0 ? (
                          '0'
                        ) : (
                          <details>
                            <summary>{list.length}</summary>
                            <ul>
                              {list.map((n, i) => (
                                <li key={i}>{n}</li>
                              ))}
                            </ul>
                          </details>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {decisions.length > 0 && (
            <div data-testid="plan-decisions">
              <h3>{t('planDecisionsTitle', [decisions.length])}</h3>
              {decisions.map((d) => (
                <div class="decision" key={d.key} data-key={d.key}>
                  <label for={`decision-${d.key}`}>
                    {t(d.subject.side === 'busy' ? 'decisionBusyRecord' : 'decisionTfsoRecord', [d.subject.name])}
                  </label>
                  <select
                    id={`decision-${d.key}`}
                    value={answerValue(view.decisions[d.key])}
                    onChange={(e) => void decide(d, (e.target as HTMLSelectElement).value)}
                  >
                    <option value="">{t('decisionUnanswered')}</option>
                    {d.candidates.map((c) => (
                      <option key={c.id} value={`pick:${c.id}`}>
                        {t('decisionSameAs', [c.name])}
                      </option>
                    ))}
                    <option value="new">{t('decisionCreateNew')}</option>
                  </select>
                </div>
              ))}
            </div>
          )}
          {!view.confirmed && (
            <div class="row">
              <button type="button" id="plan-confirm" class="primary" onClick={() => void confirm()}>
                {t('planConfirm')}
              </button>
              {unanswered > 0 && <span class="muted">{t('planUnansweredNote', [unanswered])}</span>}
            </div>
          )}
          {view.confirmed && (
            <p role="status" data-testid="plan-confirmed">
              {t('planConfirmed')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
