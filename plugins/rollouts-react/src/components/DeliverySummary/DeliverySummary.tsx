import { formatStepPosition } from '@rollscope/rollouts-common';
import type { DeliveryStatus, DeliveryView, ImageView } from '@rollscope/rollouts-common';
import { arr, str } from '../../format';
import { useHostComponents } from '../Host/Host';

const knownStatus: DeliveryStatus[] = ['Healthy', 'Progressing', 'Paused', 'Degraded', 'Unknown'];

/** The status badge, in Argo Rollouts' words. @public */
export function StatusBadge(props: { status: DeliveryStatus | string; phase?: string; aborted?: boolean }) {
  const { StatusIcon } = useHostComponents();
  const status = knownStatus.includes(props.status as DeliveryStatus) ? (props.status as DeliveryStatus) : 'Unknown';
  const phase = props.phase && props.phase !== status ? props.phase : undefined;
  return (
    <span
      className={StatusIcon ? 'rs-badge rs-badge-host' : 'rs-badge'}
      data-status={status}
      role="status"
      aria-label={`Status ${status}${phase ? ` (${phase})` : ''}`}
    >
      {StatusIcon && <StatusIcon status={status} aborted={props.aborted} />}
      {status}
      {phase ? ` · ${phase}` : ''}
    </span>
  );
}

/** An image with its stable/canary/... tags. @public */
export function ImageLine(props: { image: ImageView }) {
  return (
    <li>
      <code>{str(props.image?.image) || 'unknown image'}</code>
      {arr<string>(props.image?.tags).map(t => (
        <span key={t} className="rs-tag" data-tag={t}>
          {t}
        </span>
      ))}
    </li>
  );
}

/** Headline of one delivery: status, strategy, step, message, images. @public */
export function DeliverySummary(props: { delivery: DeliveryView; compact?: boolean; /** The host's frame already shows the name. */ hideName?: boolean }) {
  const d = props.delivery;
  const steps = arr(d.steps);
  const counter = steps.length ? formatStepPosition({ ...d, steps }) : '';
  const warnings = arr<string>(d.warnings);
  return (
    <section className="rs-summary" aria-label={`Delivery ${d.namespace}/${d.name}`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
        {!props.hideName && (
          <>
            <strong style={{ fontSize: 16 }}>{d.name}</strong>
            <span className="rs-muted">
              {d.kind} · {d.namespace}
              {d.cluster ? ` · ${d.cluster}` : ''}
            </span>
          </>
        )}
        <StatusBadge status={d.status} phase={d.phase} aborted={d.aborted} />
      </div>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', margin: '8px 0' }}>
        <dt className="rs-muted">Strategy</dt>
        <dd style={{ margin: 0 }}>{str(d.strategy) || 'Unknown'}</dd>
        {counter && (
          <>
            <dt className="rs-muted">Step</dt>
            <dd style={{ margin: 0 }} data-testid="step-counter">
              {counter}
            </dd>
          </>
        )}
        {typeof d.setWeight === 'number' && (
          <>
            <dt className="rs-muted">Weight</dt>
            <dd style={{ margin: 0 }}>
              set {d.setWeight}
              {typeof d.actualWeight === 'number' ? `, actual ${d.actualWeight}` : ''}
            </dd>
          </>
        )}
        {d.revision !== undefined && (
          <>
            <dt className="rs-muted">Revision</dt>
            <dd style={{ margin: 0 }}>
              {d.revision}
              {d.stableRevision !== undefined && d.stableRevision !== d.revision ? ` (stable ${d.stableRevision})` : ''}
            </dd>
          </>
        )}
        {d.message && (
          <>
            <dt className="rs-muted">Message</dt>
            <dd style={{ margin: 0 }} data-testid="delivery-message">
              {str(d.message)}
            </dd>
          </>
        )}
      </dl>
      {!props.compact && arr(d.images).length > 0 && (
        <ul aria-label="Images" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {arr<ImageView>(d.images).map((img, i) => (
            <ImageLine key={`${str(img?.image)}-${i}`} image={img} />
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul aria-label="Could not read" className="rs-problem" style={{ margin: '6px 0 0', paddingLeft: 18 }}>
          {warnings.map((w, i) => (
            <li key={i}>{str(w)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
