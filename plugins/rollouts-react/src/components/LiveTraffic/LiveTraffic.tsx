import { useEffect, useState } from 'react';
import type { DeliveryView, HistoryEntry, TrafficRouteView, TrafficShare } from '@rollscope/rollouts-common';
import { arr, clampPercent, str } from '../../format';
import { TimeChart } from '../Charts';
import type { ChartMark, Sample } from '../Charts';

const roleColor: Record<string, string> = {
  stable: 'var(--rollscope-stable, #2e7d32)',
  active: 'var(--rollscope-stable, #2e7d32)',
  primary: 'var(--rollscope-stable, #2e7d32)',
  canary: 'var(--rollscope-canary, #ef6c00)',
  preview: 'var(--rollscope-preview, #1565c0)',
  experiment: 'var(--rollscope-experiment, #6a1b9a)',
  ping: 'var(--rollscope-stable, #2e7d32)',
  pong: 'var(--rollscope-canary, #ef6c00)',
};

/** A horizontal split bar with a legend. @public */
export function SplitBar(props: { label: string; shares: TrafficShare[] }) {
  const shares = arr<TrafficShare>(props.shares).filter(s => s && typeof s === 'object');
  const text = shares.map(s => `${str(s.role)} ${clampPercent(s.percent)}%`).join(', ') || 'no data';
  return (
    <div style={{ margin: '6px 0' }}>
      <div className="rs-muted" style={{ fontSize: 12 }}>
        {props.label}: <span data-testid={`split-${props.label.toLowerCase()}`}>{text}</span>
      </div>
      <div className="rs-bar" role="img" aria-label={`${props.label} traffic: ${text}`}>
        {shares.map((s, i) => (
          <div
            key={i}
            title={`${str(s.role)}${s.destination ? ` → ${s.destination}` : ''}: ${clampPercent(s.percent)}%`}
            style={{ width: `${clampPercent(s.percent)}%`, background: roleColor[str(s.role)] ?? 'var(--rollscope-text-muted, #5f6b7a)' }}
          />
        ))}
      </div>
    </div>
  );
}

function canaryPercent(shares: TrafficShare[]): number | undefined {
  const list = arr<TrafficShare>(shares);
  if (list.length === 0) return undefined;
  return list
    .filter(s => s && ['canary', 'preview', 'experiment', 'pong'].includes(s.role))
    .reduce((sum, s) => sum + clampPercent(s.percent), 0);
}

/** Weight samples from history entries plus the ones seen live. @public */
export function weightSamples(history: HistoryEntry[] | undefined, live: Sample[]): Sample[] {
  const fromHistory = arr<HistoryEntry>(history)
    .filter(e => e && typeof e.canaryPercent === 'number')
    .map(e => ({ t: Date.parse(e.at), value: e.canaryPercent as number }));
  return [...fromHistory, ...live].filter(s => Number.isFinite(s.t)).sort((a, b) => a.t - b.t);
}

/** Where a person acted (succeeded actions in the history), for marks on the chart. @public */
export function actionMarks(history: HistoryEntry[] | undefined): ChartMark[] {
  return arr<HistoryEntry>(history)
    .filter(e => e && e.type === 'action' && (e.outcome === undefined || e.outcome === 'succeeded'))
    .map(e => ({ t: Date.parse(str(e.at)), label: `${str(e.action) || 'action'}${e.actor ? ` by ${e.actor}` : ''} at ${str(e.at)}` }))
    .filter(m => Number.isFinite(m.t));
}

function RouterRow(props: { route: TrafficRouteView }) {
  const r = props.route;
  return (
    <tr>
      <td>{str(r.router)}</td>
      <td>
        {str(r.kind)} {str(r.namespace)}/{str(r.name)}
        {r.route ? <span className="rs-muted"> route {r.route}</span> : null}
      </td>
      <td>
        {arr<TrafficShare>(r.shares)
          .map(s => `${str(s.role)}${s.destination ? ` (${s.destination})` : ''} ${clampPercent(s.percent)}%`)
          .join(', ') || '—'}
      </td>
      <td className={r.problem ? 'rs-problem' : undefined}>{r.problem ? `⚠ ${r.problem}` : 'OK'}</td>
    </tr>
  );
}

/** Live traffic split: desired vs actual, the routers behind it, and the canary weight over time. @public */
export function LiveTraffic(props: { delivery: DeliveryView; history?: HistoryEntry[]; now?: number }) {
  const d = props.delivery;
  const t = (d.traffic ?? {}) as Partial<DeliveryView['traffic']>;
  const current = canaryPercent(arr(t.actual));
  const [live, setLive] = useState<Sample[]>([]);
  useEffect(() => {
    if (current === undefined) return;
    setLive(prev => {
      const last = prev[prev.length - 1];
      if (last && last.value === current) return prev;
      return [...prev.slice(-199), { t: props.now ?? Date.now(), value: current }];
    });
  }, [current, props.now]);
  const samples = weightSamples(props.history, live);
  const marks = actionMarks(props.history);
  const routers = arr<TrafficRouteView>(t.routers);
  return (
    <section aria-label="Live traffic">
      <SplitBar label="Actual" shares={arr(t.actual)} />
      <SplitBar label="Desired" shares={arr(t.desired)} />
      <p className="rs-muted" style={{ fontSize: 12 }}>
        {t.routed ? 'Split by traffic router' : 'Split by replica count'}
        {typeof t.maxTrafficWeight === 'number' && t.maxTrafficWeight !== 100 ? ` (max weight ${t.maxTrafficWeight})` : ''}
      </p>
      <div style={{ margin: '12px 0' }}>
        <div className="rs-muted" style={{ fontSize: 12 }} id={`${d.key}-weight-chart`}>
          Canary weight over time{marks.length ? ' (● marks where a person acted)' : ''}
        </div>
        <TimeChart
          samples={samples}
          marks={marks}
          min={0}
          max={100}
          height={180}
          step
          unit="%"
          until={samples.length ? props.now ?? Date.now() : undefined}
          label="Canary weight"
          color="var(--rollscope-canary, #ef6c00)"
        />
      </div>
      {routers.length > 0 && (
        <table className="rs-table" aria-label="Traffic routers">
          <thead>
            <tr>
              <th>Router</th>
              <th>Object</th>
              <th>Split</th>
              <th>Problems</th>
            </tr>
          </thead>
          <tbody>
            {routers.map((r, i) => (
              <RouterRow key={i} route={r} />
            ))}
          </tbody>
        </table>
      )}
      {arr<NonNullable<DeliveryView['traffic']['services']>[number]>(t.services).length > 0 && (
        <ul aria-label="Services">
          {arr<NonNullable<DeliveryView['traffic']['services']>[number]>(t.services).map(s => (
            <li key={`${s.role}-${s.name}`}>
              {s.role} service <code>{s.name}</code>
              {s.revision !== undefined ? ` → revision ${s.revision}` : ''}
              {s.podTemplateHash ? ` (${s.podTemplateHash})` : ''}
            </li>
          ))}
        </ul>
      )}
      {arr<string>(t.notes).map((n, i) => (
        <p key={i} className="rs-problem">
          {str(n)}
        </p>
      ))}
    </section>
  );
}
