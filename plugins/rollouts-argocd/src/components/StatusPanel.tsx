import type { StatusPanelProps } from '../argocd/types';
import { attentionSummary } from '../status';

/**
 * The status panel item: shown only while a delivery of the application is paused (Argo CD health
 * "Suspended") or degraded. The status panel receives no resource tree, so it reads
 * application.status.resources.
 * @public
 */
export function StatusPanel(props: StatusPanelProps) {
  const s = attentionSummary(props.application);
  if (s.paused + s.degraded === 0) return null;
  const parts = [
    s.paused ? `${s.paused} paused` : '',
    s.degraded ? `${s.degraded} degraded` : '',
  ].filter(Boolean);
  return (
    <div
      className="application-status-panel__item"
      data-testid="rollscope-status-panel"
      // Argo CD lays the status panel items out in one row: a fixed width that wraps its text
      // keeps this one inside the panel instead of running past the right edge.
      style={{ cursor: 'pointer', maxWidth: 180, minWidth: 0, flexShrink: 1, whiteSpace: 'normal', overflowWrap: 'anywhere', boxSizing: 'border-box' }}
      role="button"
      tabIndex={0}
      onClick={() => props.openFlyout?.()}
      onKeyDown={e => {
        if (e.key === 'Enter' || e.key === ' ') props.openFlyout?.();
      }}
      title={s.names.join(', ')}
    >
      <div style={{ fontSize: 12, fontWeight: 600 }}>ROLLOUTS</div>
      <div
        style={{ color: s.degraded ? '#e96d76' : '#766f94', fontWeight: 600 }}
      >
        {parts.join(', ')}
      </div>
      <div style={{ fontSize: 12 }}>Open details</div>
    </div>
  );
}
