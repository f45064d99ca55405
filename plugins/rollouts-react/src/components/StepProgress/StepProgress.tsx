import { formatPauseCountdown } from '@rollscope/rollouts-common';
import type { AnalysisRunView, DeliveryView, StepState, StepView } from '@rollscope/rollouts-common';
import { arr, str } from '../../format';
import { useNow } from '../../hooks/useNow';

const stateIcon: Record<StepState, string> = {
  done: '✓',
  current: '▶',
  pending: '○',
  failed: '✗',
  skipped: '↷',
};

/** A progress bar with a text label. @public */
export function ProgressBar(props: { value: number; max: number; label: string }) {
  const pct = props.max > 0 ? Math.max(0, Math.min(100, (props.value / props.max) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={props.max}
      aria-valuenow={props.value}
      className="rs-bar"
      style={{ height: 8, margin: '6px 0' }}
    >
      <div style={{ width: `${pct}%`, background: 'var(--rollscope-stable, #2e7d32)' }} />
    </div>
  );
}

/** Pause reason and, for timed pauses, a live countdown. @public */
export function PauseNotice(props: { delivery: DeliveryView; now?: number }) {
  const pause = props.delivery.pause;
  const live = useNow(1000, !!pause?.resumesAt && props.now === undefined);
  const now = props.now ?? live;
  if (!pause) return null;
  const countdown = formatPauseCountdown(pause, now);
  return (
    <div className="rs-card" role="note" aria-label="Pause" style={{ padding: 8 }}>
      <strong>Paused</strong> <span className="rs-muted">({str(pause.reason) || 'unknown reason'})</span>: {str(pause.message)}
      {countdown && (
        <span data-testid="pause-countdown">
          {' '}
          — {countdown}
        </span>
      )}
    </div>
  );
}

// The model names the run of this revision's step; a run of another revision is never matched.
function analysisFor(step: StepView, runs: AnalysisRunView[]): AnalysisRunView | undefined {
  return step.analysisRunName ? runs.find(r => r?.name === step.analysisRunName) : undefined;
}

/** Every step with its state, a progress bar, the pause and inline analysis results. @public */
export function StepProgress(props: { delivery: DeliveryView; now?: number }) {
  const d = props.delivery;
  const steps = arr<StepView>(d.steps);
  const runs = arr<AnalysisRunView>(d.analysisRuns);
  const bg = d.blueGreen;
  const ca = d.canaryAnalysis;
  const done = steps.filter(s => s?.state === 'done' || s?.state === 'skipped').length;
  return (
    <section aria-label="Steps">
      <PauseNotice delivery={d} now={props.now} />
      {steps.length > 0 && (
        <>
          <ProgressBar value={done} max={steps.length} label={`${done} of ${steps.length} steps done`} />
          <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Step list">
            {steps.map((s, i) => {
              const state: StepState = (stateIcon as Record<string, string>)[s?.state] ? s.state : 'pending';
              const run = s?.kind === 'analysis' ? analysisFor(s, runs) : undefined;
              return (
                <li key={i} className="rs-step" data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
                  <span aria-hidden style={{ width: 16 }}>
                    {stateIcon[state]}
                  </span>
                  <span>
                    {i + 1}. {str(s?.text) || `Step ${i + 1}`}
                    <span className="rs-muted" style={{ fontWeight: 400 }}>
                      {' '}
                      ({state})
                    </span>
                    {run && (
                      <span data-testid={`step-analysis-${i}`}>
                        {' '}
                        — analysis {str(run.name)}: <strong>{str(run.phase)}</strong> ({run.successful ?? 0} ok,{' '}
                        {run.failed ?? 0} failed, {run.inconclusive ?? 0} inconclusive)
                      </span>
                    )}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {bg && (
        <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Blue/green phases">
          {arr<{ phase: string; state: StepState; text: string }>(bg.phases).map(p => (
            <li key={p.phase} className="rs-step" data-state={p.state}>
              <span aria-hidden style={{ width: 16 }}>
                {stateIcon[p.state] ?? '○'}
              </span>
              <span>{str(p.text)}</span>
            </li>
          ))}
          <li className="rs-muted">
            Active service {str(bg.activeService)}
            {bg.previewService ? `, preview service ${bg.previewService}` : ''}; auto-promotion{' '}
            {bg.autoPromotionEnabled ? `after ${bg.autoPromotionSeconds ?? 0}s` : 'off'}
          </li>
        </ol>
      )}
      {ca && (
        <p data-testid="canary-analysis">
          {str(ca.phase)}: canary weight {ca.canaryWeight ?? 0}%
          {ca.maxWeight !== undefined ? ` of max ${ca.maxWeight}%` : ''}, iterations {ca.iterations ?? 0}, failed checks{' '}
          {ca.failedChecks ?? 0}
          {ca.threshold !== undefined ? `/${ca.threshold}` : ''}
        </p>
      )}
      {steps.length === 0 && !bg && !ca && <p className="rs-muted">This delivery has no steps.</p>}
    </section>
  );
}
