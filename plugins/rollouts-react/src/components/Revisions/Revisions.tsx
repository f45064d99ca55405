import type { AnalysisRunView, DeliveryView, ExperimentView, PodView, ReplicaSetView, RevisionView } from '@rollscope/rollouts-common';
import { agoText, arr, formatAge, str } from '../../format';

const podColor: Record<string, string> = {
  healthy: 'var(--rollscope-ok, #2e7d32)',
  progressing: 'var(--rollscope-preview, #1565c0)',
  degraded: 'var(--rollscope-danger, #c62828)',
  terminated: 'var(--rollscope-border, #d5dbe1)',
  unknown: 'var(--rollscope-text-muted, #5f6b7a)',
};

const podText = (p: PodView) =>
  `${str(p?.name)}: ${str(p?.status) || 'Unknown'}, ${p?.readyContainers ?? 0}/${p?.totalContainers ?? 0} ready${p?.restarts ? `, ${p.restarts} restarts` : ''}`;

/** Pods as coloured squares (green ready, blue starting, red failing, grey gone); failing ones listed in words. @public */
export function PodSquares(props: { pods: PodView[] }) {
  const pods = arr<PodView>(props.pods).filter(p => p && typeof p === 'object');
  if (pods.length === 0) return <div className="rs-muted">No pods</div>;
  const troubled = pods.filter(p => p.health === 'degraded' || p.health === 'unknown');
  return (
    <div>
      <ul className="rs-pods" aria-label="Pods">
        {pods.map((p, i) => (
          <li
            key={str(p.uid) || i}
            className="rs-pod"
            data-health={str(p.health)}
            title={podText(p)}
            aria-label={podText(p)}
            style={{ background: podColor[str(p.health)] ?? podColor.unknown }}
          />
        ))}
      </ul>
      {troubled.map((p, i) => (
        <div key={str(p.uid) || i} style={{ fontSize: 12 }}>
          {str(p.name)} <span className="rs-problem">{str(p.status) || 'Unknown'}</span>{' '}
          <span className="rs-muted">
            {p.readyContainers ?? 0}/{p.totalContainers ?? 0} ready, {p.restarts ?? 0} restarts
          </span>
        </div>
      ))}
    </div>
  );
}

function ReplicaSet(props: { rs: ReplicaSetView; now?: number }) {
  const rs = props.rs;
  return (
    <div className="rs-rs">
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
        {arr<string>(rs.images).map(img => (
          <code key={img} className="rs-image">
            {img}
          </code>
        ))}
        {arr<string>(rs.tags).map(t => (
          <span key={t} className="rs-tag" data-tag={t}>
            {t}
          </span>
        ))}
      </div>
      <div className="rs-muted" style={{ fontSize: 12, margin: '2px 0 4px' }}>
        ReplicaSet {str(rs.name)} · {str(rs.status)} · ready {rs.readyReplicas ?? 0}/{rs.replicas ?? 0}
        {rs.createdAt ? ` · age ${formatAge(rs.createdAt, props.now)}` : ''}
        {rs.scaleDownDeadline ? ` · scales down at ${rs.scaleDownDeadline}` : ''}
        {rs.template ? ` · experiment template ${rs.template}` : ''}
      </div>
      <PodSquares pods={rs.pods} />
    </div>
  );
}

/** The revisions as cards, newest first: images, ReplicaSets, pods, experiments, analysis runs, rollback. @public */
export function Revisions(props: {
  delivery: DeliveryView;
  now?: number;
  /** Offer "Roll back to this revision" on a card; returns undefined when it is not offered. */
  rollbackFor?: (revision: number) => { run(): void; disabledReason?: string } | undefined;
}) {
  const d = props.delivery;
  const revisions = [...arr<RevisionView>(d.revisions)]
    .filter(r => r && typeof r === 'object')
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  if (revisions.length === 0) return <p className="rs-muted">No revisions found.</p>;
  return (
    <section aria-label="Revisions">
      <ul className="rs-revisions">
        {revisions.map((r, i) => {
          const rollback = typeof r.revision === 'number' && r.revision !== d.revision ? props.rollbackFor?.(r.revision) : undefined;
          return (
            <li key={`${r.revision}-${i}`} className="rs-card rs-revision" aria-label={`Revision ${r.revision}`}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                <strong>Revision {str(r.revision) || '?'}</strong>
                {r.revision === d.revision && (
                  <span className="rs-tag" data-tag="canary">
                    current
                  </span>
                )}
                {d.stableRevision !== undefined && r.revision === d.stableRevision && r.revision !== d.revision && (
                  <span className="rs-tag" data-tag="stable">
                    stable
                  </span>
                )}
                {rollback && (
                  <button
                    type="button"
                    className="rs-btn"
                    style={{ marginLeft: 'auto' }}
                    data-action="rollback"
                    data-revision={r.revision}
                    disabled={!!rollback.disabledReason}
                    aria-describedby={rollback.disabledReason ? `rs-rb-${r.revision}` : undefined}
                    onClick={rollback.run}
                  >
                    Roll back to revision {r.revision}
                  </button>
                )}
              </div>
              {rollback?.disabledReason && (
                <div id={`rs-rb-${r.revision}`} className="rs-muted" style={{ fontSize: 12, textAlign: 'right' }}>
                  {rollback.disabledReason}
                </div>
              )}
              {arr<ReplicaSetView>(r.replicaSets).map((rs, j) => (
                <ReplicaSet key={str(rs?.uid) || j} rs={rs} now={props.now} />
              ))}
              {arr<ExperimentView>(r.experiments).map(e => (
                <div key={str(e?.name)} style={{ fontSize: 13 }}>
                  Experiment {str(e?.name)}: {str(e?.phase)}
                  {agoText(e?.createdAt, props.now) ? <span className="rs-muted"> · started {agoText(e?.createdAt, props.now)}</span> : null}
                </div>
              ))}
              {arr<AnalysisRunView>(r.analysisRuns).map(a => (
                <div key={str(a?.name)} style={{ fontSize: 13 }}>
                  AnalysisRun {str(a?.name)}: {str(a?.phase)}
                  {agoText(a?.createdAt, props.now) ? <span className="rs-muted"> · started {agoText(a?.createdAt, props.now)}</span> : null}
                </div>
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
