/*
 * The overview's rows: which state each delivery is in for a person on call, in the order they
 * need attention (waiting for a person, degraded, progressing, paused by time, healthy, unknown),
 * and the filters by state, owner and cluster. Pure, so every host's page sorts alike.
 */
import type { DeliveryOwnerRef, DeliveryView } from '@rollscope/rollouts-common';
import { formatStepPosition } from '@rollscope/rollouts-common';
import { arr, clampPercent } from '../format';

/** @public */
export type OverviewState = 'waiting' | 'degraded' | 'progressing' | 'paused' | 'healthy' | 'unknown';

/** The states in the order they need a person, with their labels. @public */
export const overviewStates: { state: OverviewState; label: string }[] = [
  { state: 'waiting', label: 'Waiting for a person' },
  { state: 'degraded', label: 'Degraded' },
  { state: 'progressing', label: 'Progressing' },
  { state: 'paused', label: 'Paused' },
  { state: 'healthy', label: 'Healthy' },
  { state: 'unknown', label: 'Unknown' },
];

/** @public */
export interface OverviewRow {
  key: string;
  delivery: DeliveryView;
  state: OverviewState;
  stateLabel: string;
  entities: DeliveryOwnerRef[];
  owners: string[];
  cluster: string;
  /** "Step 3 of 6", "All 6 steps done", or ''. */
  step: string;
  /** Canary share of live traffic, when known. */
  canaryPercent?: number;
}

/** The state a person on call reads a delivery in. @public */
export function overviewState(d: DeliveryView): OverviewState {
  if (d.status === 'Degraded' || d.aborted) return 'degraded';
  if (d.pause?.manual) return 'waiting';
  if (d.status === 'Paused') return d.pause?.resumesAt ? 'paused' : 'waiting';
  if (d.status === 'Progressing') return 'progressing';
  if (d.status === 'Healthy') return 'healthy';
  return 'unknown';
}

const rank = new Map(overviewStates.map((s, i) => [s.state, i]));
const label = new Map(overviewStates.map(s => [s.state, s.label]));

function canaryShare(d: DeliveryView): number | undefined {
  const actual = arr<{ role: string; percent: number }>(d.traffic?.actual);
  if (actual.length === 0) return undefined;
  return actual.filter(s => ['canary', 'preview', 'experiment', 'pong'].includes(s?.role)).reduce((sum, s) => sum + clampPercent(s.percent), 0);
}

/** Rows for every delivery, those needing a person first, then by name. @public */
export function overviewRows(deliveries: DeliveryView[], entities: Record<string, DeliveryOwnerRef[]>): OverviewRow[] {
  return arr<DeliveryView>(deliveries)
    .filter(d => d && typeof d === 'object' && typeof d.key === 'string')
    .map(d => {
      const state = overviewState(d);
      const refs = arr<DeliveryOwnerRef>(entities[d.key]);
      return {
        key: d.key,
        delivery: d,
        state,
        stateLabel: label.get(state)!,
        entities: refs,
        owners: [...new Set(refs.map(e => e.owner).filter((o): o is string => !!o))],
        cluster: d.cluster ?? '',
        step: arr(d.steps).length ? formatStepPosition(d) : '',
        canaryPercent: canaryShare(d),
      };
    })
    .sort((a, b) => rank.get(a.state)! - rank.get(b.state)! || a.delivery.name.localeCompare(b.delivery.name) || a.key.localeCompare(b.key));
}

/** @public */
export interface OverviewFilter {
  states?: OverviewState[];
  owner?: string;
  cluster?: string;
  /** Free text on name, namespace and entity. */
  text?: string;
}

/** The rows a filter keeps. @public */
export function filterOverview(rows: OverviewRow[], f: OverviewFilter): OverviewRow[] {
  const text = f.text?.trim().toLowerCase();
  return rows.filter(
    r =>
      (!f.states?.length || f.states.includes(r.state)) &&
      (!f.owner || r.owners.includes(f.owner)) &&
      (!f.cluster || r.cluster === f.cluster) &&
      (!text ||
        `${r.delivery.namespace}/${r.delivery.name} ${r.entities.map(e => e.entityRef).join(' ')}`.toLowerCase().includes(text)),
  );
}

/** Counts per state, for the filter chips. @public */
export function countByState(rows: OverviewRow[]): Record<OverviewState, number> {
  const out = Object.fromEntries(overviewStates.map(s => [s.state, 0])) as Record<OverviewState, number>;
  for (const r of rows) out[r.state] += 1;
  return out;
}
