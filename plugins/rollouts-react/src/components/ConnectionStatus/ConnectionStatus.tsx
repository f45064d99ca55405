import type { ReactNode } from 'react';
import type { ClusterHealth } from '@rollscope/rollouts-common';
import { arr, formatAge, formatTime, str } from '../../format';
import { useNow } from '../../hooks/useNow';
import type { ConnectionInfo } from '../../hooks/types';

const dot = (color: string) => (
  <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: color, marginRight: 6 }} />
);

function clusterText(h: ClusterHealth, now: number): string {
  if (h.state === 'stale') return `stale since ${formatTime(h.staleSince)} (${formatAge(h.staleSince, now)} ago)`;
  if (h.state === 'error') return 'unreachable';
  return 'connecting';
}

/** "live", "reconnecting", "stale since …" with age, and a line per failing cluster. @public */
export function ConnectionStatus(props: { connection: ConnectionInfo; clusters?: ClusterHealth[]; now?: number }) {
  const live = useNow(1000, props.now === undefined && (props.connection.state !== 'live' || arr(props.clusters).some(c => c?.state === 'stale')));
  const now = props.now ?? live;
  const c = props.connection;
  const failing = arr<ClusterHealth>(props.clusters).filter(h => h && h.state !== 'connected');
  let main: ReactNode;
  if (c.state === 'live') main = <>{dot('var(--rollscope-ok, #2e7d32)')}live</>;
  else if (c.state === 'connecting') main = <>{dot('var(--rollscope-text-muted, #5f6b7a)')}connecting…</>;
  else
    main = (
      <>
        {dot('var(--rollscope-warning, #b26a00)')}reconnecting
        {c.staleSince ? ` — stale since ${formatTime(c.staleSince)} (${formatAge(c.staleSince, now)} ago)` : ''}
        {c.error ? <span className="rs-muted"> · {c.error}</span> : null}
      </>
    );
  return (
    <div role="status" aria-live="polite" aria-label="Connection" style={{ fontSize: 12 }}>
      <div data-testid="connection-state" data-state={c.state}>
        {main}
      </div>
      {failing.map(h => (
        <div key={h.cluster} className={h.state === 'connecting' ? 'rs-muted' : 'rs-problem'} data-testid="cluster-health">
          Cluster {str(h.cluster)}:{' '}
          {clusterText(h, now)}
          {h.error ? ` — ${str(h.error)}` : ''}
        </div>
      ))}
    </div>
  );
}
