import type { DeliveryView, PodView, ReplicaSetView, RevisionView } from '@rollscope/rollouts-common';
import { arr, formatAge, str } from '../../format';

const podIcon: Record<string, string> = { healthy: '●', progressing: '◐', degraded: '✗', unknown: '?', terminated: '○' };

function Pods(props: { pods: PodView[] }) {
  const pods = arr<PodView>(props.pods);
  if (pods.length === 0) return <div className="rs-muted">No pods</div>;
  return (
    <table className="rs-table" aria-label="Pods">
      <thead>
        <tr>
          <th>Pod</th>
          <th>Status</th>
          <th>Ready</th>
          <th>Restarts</th>
        </tr>
      </thead>
      <tbody>
        {pods.map((p, i) => (
          <tr key={str(p?.uid) || i} data-health={str(p?.health)}>
            <td>
              <span aria-hidden className={p?.health === 'degraded' ? 'rs-problem' : undefined}>
                {podIcon[str(p?.health)] ?? '?'}{' '}
              </span>
              {str(p?.name)}
            </td>
            <td className={p?.health === 'degraded' ? 'rs-problem' : undefined}>{str(p?.status) || 'Unknown'}</td>
            <td>
              {p?.readyContainers ?? 0}/{p?.totalContainers ?? 0}
            </td>
            <td>{p?.restarts ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReplicaSet(props: { rs: ReplicaSetView; now?: number }) {
  const rs = props.rs;
  return (
    <div style={{ marginLeft: 12, marginBottom: 8 }}>
      <div>
        ReplicaSet <strong>{str(rs.name)}</strong> <span className="rs-muted">{str(rs.status)}</span>
        {arr<string>(rs.tags).map(t => (
          <span key={t} className="rs-tag" data-tag={t}>
            {t}
          </span>
        ))}
        <span className="rs-muted">
          {' '}
          ready {rs.readyReplicas ?? 0}/{rs.replicas ?? 0}
          {rs.createdAt ? `, age ${formatAge(rs.createdAt, props.now)}` : ''}
          {rs.scaleDownDeadline ? `, scale down at ${rs.scaleDownDeadline}` : ''}
          {rs.template ? `, experiment template ${rs.template}` : ''}
        </span>
      </div>
      <div>
        {arr<string>(rs.images).map(img => (
          <code key={img} style={{ marginRight: 8 }}>
            {img}
          </code>
        ))}
      </div>
      <Pods pods={rs.pods} />
    </div>
  );
}

/** The revision tree: revisions → ReplicaSets → pods. @public */
export function Revisions(props: { delivery: DeliveryView; now?: number }) {
  const revisions = [...arr<RevisionView>(props.delivery.revisions)]
    .filter(r => r && typeof r === 'object')
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  if (revisions.length === 0) return <p className="rs-muted">No revisions found.</p>;
  return (
    <section aria-label="Revisions">
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {revisions.map((r, i) => (
          <li key={`${r.revision}-${i}`} className="rs-card" aria-label={`Revision ${r.revision}`}>
            <strong>Revision {str(r.revision) || '?'}</strong>
            {r.revision === props.delivery.revision && <span className="rs-tag" data-tag="canary">current</span>}
            {arr<ReplicaSetView>(r.replicaSets).map((rs, j) => (
              <ReplicaSet key={str(rs?.uid) || j} rs={rs} now={props.now} />
            ))}
            {arr<{ name: string; phase: string }>(r.experiments).map(e => (
              <div key={e.name} style={{ marginLeft: 12 }}>
                Experiment {str(e.name)}: {str(e.phase)}
              </div>
            ))}
            {arr<{ name: string; phase: string }>(r.analysisRuns).map(a => (
              <div key={a.name} style={{ marginLeft: 12 }}>
                AnalysisRun {str(a.name)}: {str(a.phase)}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
