import type { ConnectionMode } from '../hooks/useRollscopeBackend';

function describe(c: ConnectionMode): string {
  if (c.mode === 'connecting') return 'Connecting to the Rollscope backend…';
  if (c.mode === 'read-only') {
    return `Read-only from Argo CD: ${c.reason}. Argo CD's built-in Rollout actions still work.`;
  }
  if (!c.stale) return 'Live from the Rollscope backend';
  const why = c.error ? ` (${c.error})` : '';
  return `Rollscope backend connection lost, showing the last state${why}; reconnecting…`;
}

/** Where the data comes from: live from the Rollscope backend, or read-only from Argo CD. @public */
export function ConnectionLine(props: { connection: ConnectionMode }) {
  const c = props.connection;
  const text = describe(c);
  return (
    <div
      role="status"
      data-testid="rollscope-connection"
      data-mode={c.mode}
      className="rs-muted"
      style={{ fontSize: 12, marginBottom: 8 }}
    >
      {text}
    </div>
  );
}
