import type {
  ClusterHealth,
  DeliveryListResponse,
  DeliveryStreamEvent,
  DeliveryView,
} from '@rollscope/rollouts-common';
import type { DeliveriesState } from './types';

/** Keep at most this many streamed history entries. */
const HISTORY_LIMIT = 500;

/** The state before anything was loaded. @public */
export const initialDeliveriesState: DeliveriesState = {
  deliveries: [],
  clusters: [],
  permissions: undefined,
  history: [],
  lastUpdateAt: undefined,
  loaded: false,
};

const byKey = (a: DeliveryView, b: DeliveryView) => {
  if (a.key === b.key) return 0;
  return a.key < b.key ? -1 : 1;
};

const isView = (v: unknown): v is DeliveryView =>
  !!v && typeof v === 'object' && typeof (v as DeliveryView).key === 'string';

const isHealth = (h: unknown): h is ClusterHealth =>
  !!h && typeof h === 'object' && typeof (h as ClusterHealth).cluster === 'string';

/** State from a GET list response. @public */
export function stateFromList(list: DeliveryListResponse, at: string = new Date().toISOString()): DeliveriesState {
  return applyStreamEvent(initialDeliveriesState, { type: 'snapshot', ...list }, at);
}

/**
 * Applies one stream event and returns a new state (the input is never changed). Malformed events
 * leave the state as it was. Pure.
 * @public
 */
export function applyStreamEvent(
  state: DeliveriesState,
  event: DeliveryStreamEvent,
  at: string = new Date().toISOString(),
): DeliveriesState {
  if (!event || typeof event !== 'object') return state;
  switch (event.type) {
    case 'snapshot': {
      const deliveries = Array.isArray(event.deliveries) ? event.deliveries.filter(isView) : [];
      const seen = new Map<string, DeliveryView>();
      for (const d of deliveries) seen.set(d.key, d);
      return {
        ...state,
        deliveries: [...seen.values()].sort(byKey),
        clusters: Array.isArray(event.clusters) ? event.clusters.filter(isHealth) : state.clusters,
        permissions: event.permissions && typeof event.permissions === 'object' ? event.permissions : state.permissions,
        lastUpdateAt: at,
        loaded: true,
      };
    }
    case 'upsert': {
      const d = event.delivery;
      if (!isView(d)) return state;
      const i = state.deliveries.findIndex(x => x.key === d.key);
      const deliveries = i >= 0 ? state.deliveries.map((x, j) => (j === i ? d : x)) : [...state.deliveries, d].sort(byKey);
      return { ...state, deliveries, lastUpdateAt: at };
    }
    case 'delete': {
      if (typeof event.key !== 'string') return state;
      if (!state.deliveries.some(x => x.key === event.key)) return { ...state, lastUpdateAt: at };
      return { ...state, deliveries: state.deliveries.filter(x => x.key !== event.key), lastUpdateAt: at };
    }
    case 'cluster': {
      const h = event.health;
      if (!isHealth(h)) return state;
      const i = state.clusters.findIndex(c => c.cluster === h.cluster);
      const clusters = i >= 0 ? state.clusters.map((c, j) => (j === i ? h : c)) : [...state.clusters, h];
      return { ...state, clusters, lastUpdateAt: at };
    }
    case 'history': {
      const e = event.entry;
      if (!e || typeof e !== 'object' || typeof e.id !== 'string') return state;
      if (state.history.some(x => x.id === e.id)) return state;
      return { ...state, history: [...state.history, e].slice(-HISTORY_LIMIT), lastUpdateAt: at };
    }
    default:
      return state;
  }
}
