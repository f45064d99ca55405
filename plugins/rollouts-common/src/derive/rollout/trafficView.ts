/*
 * Where a rollout's traffic goes: the split it asks for and the split it has, as percents of
 * maxTrafficWeight, the services involved and the router objects that hold the split.
 */
import type { BlueGreenView, ReplicaSetView, TrafficRouteView, TrafficShare, TrafficView } from '../../model/types';
import { routesForRollout } from '../traffic';
import { canarySpec, maxTrafficWeight } from './steps';
import { arr, at, num, obj, str } from './read';

export function emptyTraffic(): TrafficView {
  return { desired: [], actual: [], routed: false, routers: [], maxTrafficWeight: 100, notes: [] };
}

export interface TrafficInputs {
  rollout: unknown;
  replicaSets: ReplicaSetView[];
  routers: unknown[];
  /** The namespace's Services, when known (to tell a missing active Service). */
  services?: unknown[];
  setWeight?: number;
  actualWeight?: number;
  blueGreen?: BlueGreenView;
}

/** The split of the first router that could be read and names a canary share. */
function routerSplit(routes: TrafficRouteView[]): TrafficShare[] | undefined {
  for (const r of routes) {
    if (r.problem) continue;
    if (r.shares.some(s => s.role === 'canary') && r.shares.some(s => s.role === 'stable')) return r.shares;
  }
  return undefined;
}

export function rolloutTraffic(i: TrafficInputs): TrafficView {
  const ro = i.rollout;
  const canary = canarySpec(ro);
  const bg = obj(at(ro, 'spec', 'strategy', 'blueGreen'));
  const max = maxTrafficWeight(ro);
  const currentHash = str(at(ro, 'status', 'currentPodHash'));
  const stableHash = str(at(ro, 'status', 'stableRS'));
  const revisionOfHash = (hash?: string) => i.replicaSets.find(r => hash && r.podTemplateHash === hash)?.revision;
  const traffic = emptyTraffic();
  traffic.maxTrafficWeight = max;
  const destinations: Partial<Record<TrafficShare['role'], string>> = {
    canary: str(canary?.canaryService) || undefined,
    stable: str(canary?.stableService) || undefined,
    active: str(bg?.activeService) || undefined,
  };
  const share = (role: TrafficShare['role'], weight: number, hash?: string): TrafficShare => {
    // The pod-ratio weight kubectl prints can pass the maximum while status lags the ReplicaSets;
    // a share of traffic cannot, so percentages are kept within 0–100.
    const percent = Math.min(100, Math.max(0, (weight * 100) / max));
    const out: TrafficShare = { role, weight, percent, podTemplateHash: hash, revision: revisionOfHash(hash) };
    if (destinations[role]) out.destination = destinations[role];
    return out;
  };

  if (canary && i.setWeight !== undefined && i.actualWeight !== undefined) {
    traffic.routed = !!obj(canary.trafficRouting);
    // Nothing is being rolled out: the stable revision is the one that should get everything.
    // (Argo Rollouts' SetWeight is 100 then, meaning "the new revision has fully taken over".)
    const settled = !!currentHash && currentHash === stableHash;
    traffic.desired = settled
      ? [share('canary', 0, currentHash), share('stable', max, stableHash)]
      : [share('canary', i.setWeight, currentHash), share('stable', max - i.setWeight, stableHash)];
    try {
      traffic.routers = routesForRollout(ro, i.routers);
    } catch (e) {
      traffic.notes.push(`Traffic routers could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    const weights = obj(at(ro, 'status', 'canary', 'weights'));
    const fromRouter = traffic.routed ? routerSplit(traffic.routers) : undefined;
    if (fromRouter) {
      // The router object is what really sends traffic; status.canary.weights is the controller's
      // last report of it and can lag or disagree.
      const hashOfRole: Partial<Record<TrafficShare['role'], string | undefined>> = { canary: currentHash, stable: stableHash };
      traffic.actual = fromRouter.map(s => ({
        ...s,
        podTemplateHash: s.podTemplateHash ?? hashOfRole[s.role],
        revision: s.revision ?? revisionOfHash(s.podTemplateHash ?? hashOfRole[s.role]),
      }));
      const reported = num(at(weights, 'canary', 'weight'));
      const routed = fromRouter.find(s => s.role === 'canary');
      if (reported !== undefined && routed?.weight !== undefined && reported !== routed.weight) {
        traffic.notes.push(`The router sends weight ${routed.weight} to the canary while the controller reports ${reported} (status.canary.weights)`);
      }
    } else if (traffic.routed && weights) {
      traffic.actual = [
        share('canary', num(at(weights, 'canary', 'weight')) ?? 0, str(at(weights, 'canary', 'podTemplateHash'))),
        share('stable', num(at(weights, 'stable', 'weight')) ?? 0, str(at(weights, 'stable', 'podTemplateHash'))),
      ];
      for (const e of arr(weights.additional)) {
        traffic.actual.push(share('experiment', num(at(e, 'weight')) ?? 0, str(at(e, 'podTemplateHash'))));
      }
    } else if (settled) {
      traffic.actual = [share('canary', 0, currentHash), share('stable', max, stableHash)];
    } else {
      traffic.actual = [share('canary', i.actualWeight, currentHash), share('stable', max - i.actualWeight, stableHash)];
      if (traffic.routed) {
        traffic.notes.push('The controller has not reported router weights yet (status.canary.weights); showing the desired weight');
      }
    }
    for (const [role, name, hash] of [
      ['canary', canary.canaryService, currentHash],
      ['stable', canary.stableService, stableHash],
    ] as const) {
      if (typeof name === 'string' && name) {
        traffic.services = traffic.services ?? [];
        traffic.services.push({ role, name, podTemplateHash: hash, revision: revisionOfHash(hash) });
      }
    }
  }

  if (bg && i.blueGreen) {
    const activeHash = i.blueGreen.activeSelector;
    const previewHash = i.blueGreen.previewSelector;
    traffic.routed = false;
    traffic.desired = [share('active', 100, currentHash)];
    const activeName = i.blueGreen.activeService;
    const activeExists = !i.services || i.services.some(svc => str(at(svc, 'metadata', 'name')) === activeName);
    if (activeExists) {
      traffic.actual = [share('active', 100, activeHash)];
    } else {
      // Nothing can reach the rollout through a Service that is not there.
      traffic.actual = [];
      traffic.notes.push(`The active Service ${activeName || '(unnamed)'} does not exist: no traffic reaches this rollout through it`);
    }
    traffic.services = [{ role: 'active', name: i.blueGreen.activeService, podTemplateHash: activeHash, revision: revisionOfHash(activeHash) }];
    if (i.blueGreen.previewService) {
      traffic.services.push({ role: 'preview', name: i.blueGreen.previewService, podTemplateHash: previewHash, revision: revisionOfHash(previewHash) });
    }
  }
  return traffic;
}
