import type { HistoryEntry, ReleaseView } from '@rollscope/rollouts-common';
import { arr, formatTime, str } from '../../format';

/** The release timeline, newest first; CanaryDelivery/Flagger releases are listed under it. @public */
export function HistoryTimeline(props: {
  entries: HistoryEntry[];
  releases?: ReleaseView[];
  loading?: boolean;
  error?: string;
}) {
  const entries = [...arr<HistoryEntry>(props.entries)]
    .filter(e => e && typeof e === 'object')
    .sort((a, b) => (Date.parse(str(b.at)) || 0) - (Date.parse(str(a.at)) || 0));
  const releases = arr<ReleaseView>(props.releases);
  return (
    <section aria-label="History">
      {props.error && <p className="rs-problem">History could not be loaded: {props.error}</p>}
      {props.loading && entries.length === 0 && <p className="rs-muted">Loading history…</p>}
      {!props.loading && entries.length === 0 && !props.error && <p className="rs-muted">No history recorded yet.</p>}
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Timeline">
        {entries.map(e => (
          <li key={e.id} style={{ display: 'flex', gap: 12, padding: '3px 0' }} data-type={e.type}>
            <time className="rs-muted" dateTime={str(e.at)} style={{ whiteSpace: 'nowrap' }}>
              {formatTime(e.at)}
            </time>
            <span>
              {str(e.message)}
              {e.actor ? <span className="rs-muted"> — {e.actor}</span> : null}
              {e.outcome && e.outcome !== 'succeeded' ? <span className="rs-problem"> ({e.outcome})</span> : null}
            </span>
          </li>
        ))}
      </ol>
      {releases.length > 0 && (
        <table className="rs-table" aria-label="Releases">
          <thead>
            <tr>
              <th>Release</th>
              <th>Created</th>
              <th>Phase</th>
              <th>Images</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r, i) => (
              <tr key={str(r?.uid) || `${str(r?.name)}-${i}`}>
                <td>
                  {str(r.name)}
                  {r.action ? <span className="rs-tag">{r.action}</span> : null}
                </td>
                <td>{formatTime(r.createdAt)}</td>
                <td>{str(r.phase)}</td>
                <td>{arr<string>(r.images).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
