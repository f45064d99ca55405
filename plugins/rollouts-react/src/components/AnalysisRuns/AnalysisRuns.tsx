import type { AnalysisRunView, DeliveryView, MeasurementView, MetricView } from '@rollscope/rollouts-common';
import { arr, str } from '../../format';
import { Sparkline } from '../Charts';

const phaseColor: Record<string, string> = {
  Successful: 'var(--rollscope-ok, #2e7d32)',
  Failed: 'var(--rollscope-danger, #c62828)',
  Error: 'var(--rollscope-danger, #c62828)',
  Inconclusive: 'var(--rollscope-warning, #b26a00)',
};

function Metric(props: { metric: MetricView }) {
  const m = props.metric;
  const measurements = arr<MeasurementView>(m.measurements);
  const samples = measurements
    .map((x, i) => ({ t: Date.parse(str(x?.finishedAt || x?.startedAt)) || i, value: x?.numericValue as number }))
    .filter(s => typeof s.value === 'number');
  const last = measurements.filter(x => x?.value !== undefined).slice(-1)[0];
  return (
    <tr>
      <td>{str(m.name)}</td>
      <td style={{ color: phaseColor[str(m.phase)] }}>{str(m.phase)}</td>
      <td>
        {m.successful ?? 0} ✓ {m.failed ?? 0} ✗ {m.inconclusive ?? 0} ? {m.error ?? 0} ⚠
      </td>
      <td>
        <Sparkline samples={samples} label={`${str(m.name)} measurements`} />
      </td>
      <td>
        {last ? <code>{str(last.value)}</code> : '—'}
        {m.successCondition ? <div className="rs-muted">success: {m.successCondition}</div> : null}
        {m.failureCondition ? <div className="rs-muted">failure: {m.failureCondition}</div> : null}
        {m.message ? <div>{str(m.message)}</div> : null}
      </td>
    </tr>
  );
}

/** One analysis run with its metrics. @public */
export function AnalysisRunCard(props: { run: AnalysisRunView }) {
  const r = props.run;
  return (
    <div className="rs-card" aria-label={`AnalysisRun ${str(r.name)}`}>
      <div>
        <strong>{str(r.name)}</strong>{' '}
        <span style={{ color: phaseColor[str(r.phase)] }} data-testid="analysis-phase">
          {str(r.phase) || 'Unknown'}
        </span>
        <span className="rs-muted">
          {r.origin ? ` · ${r.origin}` : ''}
          {r.revision !== undefined ? ` · revision ${r.revision}` : ''}
        </span>
      </div>
      {r.message && <div>{str(r.message)}</div>}
      <table className="rs-table" aria-label="Metrics">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Phase</th>
            <th>Results</th>
            <th>Measurements</th>
            <th>Last value</th>
          </tr>
        </thead>
        <tbody>
          {arr<MetricView>(r.metrics).map((m, i) => (
            <Metric key={`${str(m?.name)}-${i}`} metric={m} />
          ))}
        </tbody>
      </table>
      {arr<{ name: string; status: string }>(r.jobs).map(j => (
        <div key={j.name} className="rs-muted">
          Job {str(j.name)}: {str(j.status)}
        </div>
      ))}
    </div>
  );
}

/** All analysis runs of a delivery (including experiments'). @public */
export function AnalysisRuns(props: { delivery: DeliveryView }) {
  const runs = [
    ...arr<AnalysisRunView>(props.delivery.analysisRuns),
    ...arr<{ analysisRuns: AnalysisRunView[] }>(props.delivery.experiments).flatMap(e => arr<AnalysisRunView>(e?.analysisRuns)),
  ].filter(r => r && typeof r === 'object');
  if (runs.length === 0) return <p className="rs-muted">No analysis runs.</p>;
  return (
    <section aria-label="Analysis runs">
      {runs.map((r, i) => (
        <AnalysisRunCard key={str(r.uid) || i} run={r} />
      ))}
    </section>
  );
}
