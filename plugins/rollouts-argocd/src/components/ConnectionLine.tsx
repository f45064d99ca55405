import React from 'react';
import type { ConnectionMode } from '../hooks/useRollscopeBackend';

/** Where the data comes from: live from the Rollscope backend, or read-only from Argo CD. @public */
export function ConnectionLine(props: { connection: ConnectionMode }) {
  const c = props.connection;
  const text =
    c.mode === 'backend'
      ? c.stale
        ? `Rollscope backend connection lost, showing the last state${c.error ? ` (${c.error})` : ''}; reconnecting…`
        : 'Live from the Rollscope backend'
      : c.mode === 'connecting'
        ? 'Connecting to the Rollscope backend…'
        : `Read-only from Argo CD: ${c.reason}. Argo CD's built-in Rollout actions still work.`;
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
