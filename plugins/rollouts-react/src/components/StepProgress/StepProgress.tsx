import { formatPauseCountdown } from '@rollscope/rollouts-common';
import type { AnalysisRunView, DeliveryView, StepState, StepView } from '@rollscope/rollouts-common';
import { arr, formatDuration, str } from '../../format';
import { useNow } from '../../hooks/useNow';
import { Icon, stepIcon } from '../Icons';

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

const stateLabel: Record<StepState, string> = {
  done: 'Done',
  current: 'Now',
  pending: 'Pending',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** One step on the timeline: its kind's icon in a state-coloured node, text, duration, countdown, analysis. */
function TimelineStep(props: { step: StepView; number: number; last: boolean; run?: AnalysisRunView; pause?: DeliveryView['pause']; now: number }) {
  const s = props.step;
  const state: StepState = (stateLabel as Record<string, string>)[s?.state] ? s.state : 'pending';
  const run = props.run;
  const countdown = state === 'current' && s?.kind === 'pause' ? formatPauseCountdown(props.pause, props.now) : '';
  return (
    <li className="rs-step" data-state={state} data-kind={str(s?.kind)} aria-current={state === 'current' ? 'step' : undefined}>
      <span className="rs-step-node" aria-hidden>
        <Icon name={state === 'failed' ? 'close' : stepIcon(s?.kind)} size={14} />
      </span>
      {!props.last && <span className="rs-step-line" aria-hidden />}
      <span className="rs-step-body">
        <span className="rs-step-title">
          {props.number}. {str(s?.text) || `Step ${props.number}`}
        </span>
        <span className="rs-step-meta">
          <span className="rs-chip" data-state={state}>
            {stateLabel[state]}
          </span>
          {typeof s?.pauseSeconds === 'number' && state !== 'current' && <span className="rs-muted">{formatDuration(s.pauseSeconds)}</span>}
          {countdown && (
            <span data-testid="step-countdown">
              {countdown}
              {typeof s?.pauseSeconds === 'number' ? ` (pause of ${formatDuration(s.pauseSeconds)})` : ''}
            </span>
          )}
          {state === 'current' && s?.kind === 'pause' && props.pause?.manual && <span>waiting for a person</span>}
          {run && (
            <span data-testid={`step-analysis-${props.number - 1}`}>
              analysis {str(run.name)}: <strong>{str(run.phase)}</strong> ({run.successful ?? 0} ok, {run.failed ?? 0} failed,{' '}
              {run.inconclusive ?? 0} inconclusive)
            </span>
          )}
        </span>
      </span>
    </li>
  );
}

/** Every step on a timeline with its state, a progress bar, the pause and inline analysis results. @public */
export function StepProgress(props: { delivery: DeliveryView; now?: number }) {
  const d = props.delivery;
  const steps = arr<StepView>(d.steps);
  const runs = arr<AnalysisRunView>(d.analysisRuns);
  const bg = d.blueGreen;
  const ca = d.canaryAnalysis;
  const done = steps.filter(s => s?.state === 'done' || s?.state === 'skipped').length;
  const live = useNow(1000, !!d.pause?.resumesAt && props.now === undefined);
  const now = props.now ?? live;
  return (
    <section aria-label="Steps">
      <PauseNotice delivery={d} now={props.now} />
      {steps.length > 0 && (
        <>
          <ProgressBar value={done} max={steps.length} label={`${done} of ${steps.length} steps done`} />
          <ol className="rs-timeline" aria-label="Step list">
            {steps.map((s, i) => (
              <TimelineStep
                key={i}
                step={s}
                number={i + 1}
                last={i === steps.length - 1}
                run={s?.kind === 'analysis' ? analysisFor(s, runs) : undefined}
                pause={d.pause}
                now={now}
              />
            ))}
          </ol>
        </>
      )}
      {bg && (
        <>
          <ol className="rs-timeline" aria-label="Blue/green phases">
            {arr<{ phase: string; state: StepState; text: string }>(bg.phases).map((p, i, all) => (
              <TimelineStep
                key={p.phase}
                step={{ index: i, kind: 'bluegreenPhase', text: p.text, state: p.state }}
                number={i + 1}
                last={i === all.length - 1}
                pause={d.pause}
                now={now}
              />
            ))}
          </ol>
          <p className="rs-muted">
            Active service {str(bg.activeService)}
            {bg.previewService ? `, preview service ${bg.previewService}` : ''}; auto-promotion{' '}
            {bg.autoPromotionEnabled ? `after ${bg.autoPromotionSeconds ?? 0}s` : 'off'}
          </p>
        </>
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
