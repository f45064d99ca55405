import type { AnalysisRunView, DeliveryView, ExperimentView, MeasurementView, MetricView, StepView } from '@rollscope/rollouts-common';
import { agoText, arr, formatTime, str } from '../../format';
import { TimeChart } from '../Charts';
import type { ChartThreshold } from '../Charts';

const phaseColor: Record<string, string> = {
  Successful: 'var(--rollscope-ok, #2e7d32)',
  Failed: 'var(--rollscope-danger, #c62828)',
  Error: 'var(--rollscope-danger, #c62828)',
  Inconclusive: 'var(--rollscope-warning, #b26a00)',
};

/** Numbers a condition compares against ("result[0] >= 0.95" → 0.95), drawn as threshold lines. @public */
export function conditionThresholds(condition: string | undefined, kind: 'success' | 'failure'): ChartThreshold[] {
  if (!condition) return [];
  const out: ChartThreshold[] = [];
  const re = /(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)/g;
  for (let m = re.exec(condition); m; m = re.exec(condition)) {
    out.push({ value: Number(m[2]), label: `${kind} ${m[1]} ${m[2]}`, kind });
  }
  return out;
}

function Metric(props: { metric: MetricView; now?: number }) {
  const m = props.metric;
  const measurements = arr<MeasurementView>(m.measurements).filter(x => x && typeof x === 'object');
  const samples = measurements
    .map(x => ({ t: Date.parse(str(x.finishedAt || x.startedAt)), value: x.numericValue as number }))
    .filter(s => typeof s.value === 'number' && Number.isFinite(s.t));
  const thresholds = [...conditionThresholds(m.successCondition, 'success'), ...conditionThresholds(m.failureCondition, 'failure')];
  return (
    <div className="rs-metric" aria-label={`Metric ${str(m.name)}`} role="group">
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
        <strong>{str(m.name)}</strong>
        <span style={{ color: phaseColor[str(m.phase)] }}>{str(m.phase)}</span>
        <span className="rs-muted" style={{ fontSize: 12 }}>
          {m.successful ?? 0} successful, {m.failed ?? 0} failed, {m.inconclusive ?? 0} inconclusive, {m.error ?? 0} errors
          {m.provider ? ` · ${m.provider}` : ''}
        </span>
      </div>
      {(m.successCondition || m.failureCondition) && (
        <div className="rs-muted" style={{ fontSize: 12 }}>
          {m.successCondition ? `success: ${m.successCondition}` : ''}
          {m.successCondition && m.failureCondition ? ' · ' : ''}
          {m.failureCondition ? `failure: ${m.failureCondition}` : ''}
        </div>
      )}
      {m.message ? <div>{str(m.message)}</div> : null}
      {samples.length > 0 && <TimeChart samples={samples} thresholds={thresholds} label={`${str(m.name)} measurements`} height={130} />}
      {measurements.length > 0 && (
        <table className="rs-table" aria-label={`${str(m.name)} measurements`}>
          <thead>
            <tr>
              <th scope="col">Measured at</th>
              <th scope="col">Value</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {[...measurements].reverse().map((x, i) => (
              <tr key={i}>
                <td>
                  <time dateTime={str(x.finishedAt || x.startedAt)}>{formatTime(x.finishedAt || x.startedAt) || '—'}</time>
                  {agoText(x.finishedAt || x.startedAt, props.now) && (
                    <span className="rs-muted"> ({agoText(x.finishedAt || x.startedAt, props.now)})</span>
                  )}
                </td>
                <td>{x.value !== undefined ? <code>{str(x.value)}</code> : '—'}</td>
                <td style={{ color: phaseColor[str(x.phase)] }}>
                  {str(x.phase)}
                  {x.message ? <span className="rs-muted"> — {str(x.message)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** "step 5: Analysis success-rate" for a run started by a step (list numbering), else its origin as written. */
function originText(run: AnalysisRunView, steps: StepView[]): string | undefined {
  const fromLabel = typeof run.stepIndex === 'number' ? run.stepIndex : undefined;
  const m = /^step (\d+)$/.exec(str(run.origin));
  const index = fromLabel ?? (m ? Number(m[1]) - 1 : undefined);
  if (index === undefined) return run.origin || undefined;
  const step = steps.find(s => s?.index === index);
  return `step ${index + 1}${step?.text ? `: ${step.text}` : ''}`;
}

/** One analysis run with its metrics, charts and measurements. @public */
export function AnalysisRunCard(props: { run: AnalysisRunView; steps?: StepView[]; now?: number }) {
  const r = props.run;
  const origin = originText(r, arr<StepView>(props.steps));
  return (
    <div className="rs-card" role="group" aria-label={`AnalysisRun ${str(r.name)}`}>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
        <strong>{str(r.name)}</strong>
        <span style={{ color: phaseColor[str(r.phase)] }} data-testid="analysis-phase">
          {str(r.phase) || 'Unknown'}
        </span>
        <span className="rs-muted" data-testid="analysis-origin">
          {origin ? `for ${origin}` : ''}
          {r.revision !== undefined ? ` · revision ${r.revision}` : ''}
          {agoText(r.createdAt, props.now) ? ` · started ${agoText(r.createdAt, props.now)}` : ''}
        </span>
      </div>
      {r.message && <div>{str(r.message)}</div>}
      {arr<MetricView>(r.metrics).map((m, i) => (
        <Metric key={`${str(m?.name)}-${i}`} metric={m ?? ({} as MetricView)} now={props.now} />
      ))}
      {arr<{ name: string; status: string }>(r.jobs).map(j => (
        <div key={j.name} className="rs-muted">
          Job {str(j.name)}: {str(j.status)}
        </div>
      ))}
    </div>
  );
}

/** All analysis runs of a delivery, newest first, and its experiments with their ages. @public */
export function AnalysisRuns(props: { delivery: DeliveryView; now?: number }) {
  const experiments = arr<ExperimentView>(props.delivery.experiments).filter(e => e && typeof e === 'object');
  const runs = [...arr<AnalysisRunView>(props.delivery.analysisRuns), ...experiments.flatMap(e => arr<AnalysisRunView>(e.analysisRuns))]
    .filter(r => r && typeof r === 'object')
    .sort((a, b) => (Date.parse(str(b.createdAt)) || 0) - (Date.parse(str(a.createdAt)) || 0));
  if (runs.length === 0 && experiments.length === 0) return <p className="rs-muted">No analysis runs.</p>;
  return (
    <section aria-label="Analysis runs">
      {experiments.length > 0 && (
        <ul aria-label="Experiments" style={{ paddingLeft: 18 }}>
          {experiments.map(e => (
            <li key={str(e.name)}>
              Experiment <strong>{str(e.name)}</strong>: {str(e.phase)}
              <span className="rs-muted">
                {agoText(e.createdAt, props.now) ? ` · started ${agoText(e.createdAt, props.now)}` : ''}
                {typeof e.remainingSeconds === 'number' ? ` · ${e.remainingSeconds}s left` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {runs.map((r, i) => (
        <AnalysisRunCard key={str(r.uid) || i} run={r} steps={props.delivery.steps} now={props.now} />
      ))}
    </section>
  );
}
