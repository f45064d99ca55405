import { useState } from 'react';
import type { HistoryEntry, ReleaseView } from '@rollscope/rollouts-common';
import { arr, formatTime, str } from '../../format';
import { Loading } from '../Host/Host';

/** Releases shown per page, and entries shown per release before "show all". */
const RELEASES_PER_PAGE = 5;
const ENTRIES_PER_RELEASE = 8;

/** History entries of one release (revision), newest first. @public */
export interface HistoryGroup {
  revision?: number;
  entries: HistoryEntry[];
  from?: string;
  to?: string;
}

/**
 * Groups entries (any order) by release, newest first. An entry without a revision belongs to the
 * release that was current when it happened: the nearest earlier entry's.
 * @public
 */
export function groupByRelease(entries: HistoryEntry[]): HistoryGroup[] {
  const sorted = arr<HistoryEntry>(entries)
    .filter(e => e && typeof e === 'object')
    .sort((a, b) => (Date.parse(str(a.at)) || 0) - (Date.parse(str(b.at)) || 0));
  const groups: HistoryGroup[] = [];
  for (const e of sorted) {
    const last = groups[groups.length - 1];
    const revision = typeof e.revision === 'number' ? e.revision : last?.revision;
    if (last && last.revision === revision) last.entries.push(e);
    else groups.push({ revision, entries: [e] });
  }
  return groups.reverse().map(g => ({ ...g, entries: g.entries.reverse(), to: g.entries[g.entries.length - 1]?.at, from: g.entries[0]?.at }));
}

function Entry(props: { entry: HistoryEntry }) {
  const e = props.entry;
  const message = str(e.message);
  // The backend writes the actor into action messages; print it once.
  const showActor = e.actor && !message.includes(e.actor);
  return (
    <li className="rs-history-entry" data-type={e.type}>
      <time className="rs-muted" dateTime={str(e.at)}>
        {formatTime(e.at)}
      </time>
      <span>
        {message}
        {showActor ? <span className="rs-muted"> — {e.actor}</span> : null}
        {e.outcome && e.outcome !== 'succeeded' && !message.includes(e.outcome) ? <span className="rs-problem"> ({e.outcome})</span> : null}
      </span>
    </li>
  );
}

function Group(props: { group: HistoryGroup; first: boolean }) {
  const g = props.group;
  const [all, setAll] = useState(false);
  const shown = all ? g.entries : g.entries.slice(0, ENTRIES_PER_RELEASE);
  const actions = g.entries.filter(e => e.type === 'action').length;
  const title = g.revision !== undefined ? `Revision ${g.revision}` : 'Before the first known revision';
  return (
    <li className="rs-card rs-history-group" aria-label={title}>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
        <strong>{title}</strong>
        {props.first && (
          <span className="rs-tag" data-tag="canary">
            latest
          </span>
        )}
        <span className="rs-muted" style={{ fontSize: 12 }}>
          {formatTime(g.to)} → {formatTime(g.from)} · {g.entries.length} events{actions ? `, ${actions} by people` : ''}
        </span>
      </div>
      <ol className="rs-history-list" aria-label={`${title} events`}>
        {shown.map(e => (
          <Entry key={e.id} entry={e} />
        ))}
      </ol>
      {g.entries.length > shown.length && (
        <button type="button" className="rs-btn rs-link" onClick={() => setAll(true)}>
          Show {g.entries.length - shown.length} more events of {title.toLowerCase()}
        </button>
      )}
    </li>
  );
}

/** The release history: grouped by revision, newest first, paged; CanaryDelivery/Flagger releases below. @public */
export function HistoryTimeline(props: { entries: HistoryEntry[]; releases?: ReleaseView[]; loading?: boolean; error?: string }) {
  const groups = groupByRelease(props.entries);
  const [pages, setPages] = useState(1);
  const shown = groups.slice(0, pages * RELEASES_PER_PAGE);
  const releases = arr<ReleaseView>(props.releases);
  return (
    <section aria-label="History">
      {props.error && <p className="rs-problem">History could not be loaded: {props.error}</p>}
      {props.loading && groups.length === 0 && <Loading label="Loading history…" />}
      {!props.loading && groups.length === 0 && !props.error && <p className="rs-muted">No history recorded yet.</p>}
      {groups.length > 0 && (
        <ol className="rs-history" aria-label="Timeline">
          {shown.map((g, i) => (
            <Group key={`${g.revision ?? 'none'}-${g.from}`} group={g} first={i === 0} />
          ))}
        </ol>
      )}
      {groups.length > shown.length && (
        <button type="button" className="rs-btn" onClick={() => setPages(p => p + 1)}>
          Show older releases ({groups.length - shown.length} more)
        </button>
      )}
      {releases.length > 0 && (
        <table className="rs-table" aria-label="Releases">
          <thead>
            <tr>
              <th scope="col">Release</th>
              <th scope="col">Created</th>
              <th scope="col">Phase</th>
              <th scope="col">Images</th>
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
