import type { KubeObject } from '../store/types';
import { OUTCOME, VALUES, demoAnnotations } from './analysis';
import { recordEvent } from './events';
import { applyProviderRouting } from './trafficRouting';
import {
  Ctx,
  apiVersionOf,
  arr,
  create,
  createOrError,
  get,
  hashOf,
  hexHash,
  isoNow,
  list,
  num,
  obj,
  parseDuration,
  patch,
  setCondition,
  typeOf,
} from './runtime';

/** Hooks that make the shared engine behave as Flagger or as Alauda's CanaryDelivery. */
export interface CanaryFlavor {
  kind: 'Canary' | 'CanaryDelivery';
  /** a new revision starts progressing */
  onRelease?(ctx: Ctx, c: KubeObject, target: KubeObject, previousTemplate: unknown): void;
  /** the release ended (Succeeded / Failed) */
  onFinish?(ctx: Ctx, c: KubeObject, phase: string, message: string): void;
  /** a rollback was requested: returns the template to restore, if any */
  rollbackRequest?(ctx: Ctx, c: KubeObject): { template: unknown; done(message: string): void } | undefined;
}

const MESSAGES: Record<string, [string, string, string]> = {
  Initializing: ['Unknown', 'Initialized', 'New Deployment detected, starting initialization.'],
  Initialized: ['True', 'Initialized', 'Deployment initialization completed.'],
  Waiting: ['Unknown', 'Waiting', 'Waiting for approval.'],
  WaitingPromotion: ['Unknown', 'WaitingPromotion', 'Waiting for approval.'],
  Progressing: ['Unknown', 'Progressing', 'New revision detected, progressing canary analysis.'],
  Promoting: ['Unknown', 'Progressing', 'Canary analysis completed, starting primary rolling update.'],
  Finalising: ['Unknown', 'Progressing', 'Canary analysis completed, routing all traffic to primary.'],
  Succeeded: ['True', 'Succeeded', 'Canary analysis completed successfully, promotion finished.'],
  Failed: ['False', 'Failed', 'Canary analysis failed, Deployment scaled to zero.'],
};

const lastCheck = new WeakMap<Ctx, Map<string, number>>();

function checks(ctx: Ctx) {
  let m = lastCheck.get(ctx);
  if (!m) lastCheck.set(ctx, (m = new Map()));
  return m;
}

/** Rewrites a target template for the primary: selector label value gets the -primary suffix. */
export function primaryTemplate(template: any, selectorKey: string, primaryName: string) {
  const t = JSON.parse(JSON.stringify(obj(template)));
  t.metadata = { ...obj(t.metadata), labels: { ...obj(obj(t.metadata).labels), [selectorKey]: primaryName } };
  return t;
}

function ensureService(ctx: Ctx, ns: string, name: string, selector: Record<string, string>, port: number, owner: KubeObject) {
  const svcType = typeOf(ctx, 'Service');
  if (!svcType || get(ctx, 'Service', ns, name)) return;
  create(ctx, {
    apiVersion: apiVersionOf(svcType),
    kind: 'Service',
    metadata: { name, namespace: ns, labels: { app: name }, ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }] },
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }] },
  });
}

/** One metric check, outcome steered by demo annotations (outcome / values against thresholdRange). */
function metricsPass(ctx: Ctx, c: KubeObject, target: KubeObject, checkIndex: number): boolean {
  const ann = demoAnnotations(target, c);
  const metrics = arr(obj(obj(c.spec).analysis).metrics);
  const raw = ann[VALUES];
  if (raw) {
    const vals = raw.split(',').map(Number).filter(Number.isFinite);
    const v = vals[Math.min(checkIndex, vals.length - 1)];
    if (v === undefined) return true;
    return metrics.every(m => {
      const r = obj(obj(m).thresholdRange);
      return (typeof r.min !== 'number' || v >= r.min) && (typeof r.max !== 'number' || v <= r.max);
    });
  }
  const outcome = ann[OUTCOME];
  void ctx;
  return outcome !== 'Failed' && outcome !== 'Error';
}

function available(d: KubeObject | undefined) {
  return num(obj(d?.status).availableReplicas, 0) >= num(obj(d?.spec).replicas, 1) && obj(d?.status).observedGeneration === d?.metadata.generation;
}

/** Reconciles every object of one flavour (Flagger Canary or CanaryDelivery). */
export function reconcileCanaries(ctx: Ctx, flavor: CanaryFlavor) {
  for (const c of list(ctx, flavor.kind)) {
    try {
      reconcileOne(ctx, flavor, c);
    } catch {
      // malformed object: leave it as it is
    }
  }
}

function reconcileOne(ctx: Ctx, flavor: CanaryFlavor, c: KubeObject) {
  const spec = obj(c.spec);
  if (spec.suspend) return;
  const ns = c.metadata.namespace ?? 'default';
  const targetName = obj(spec.targetRef).name;
  const depType = typeOf(ctx, 'Deployment');
  const status: any = JSON.parse(JSON.stringify(obj(c.status)));
  if (typeof targetName !== 'string' || !depType) {
    if (!status.phase) {
      status.phase = 'Initializing';
      status.conditions = setCondition(ctx, status.conditions, { type: 'Promoted', status: 'Unknown', reason: 'Initialized', message: 'spec.targetRef.name is missing' });
      patch(ctx, c, o => { o.status = status; }, { status: true });
    }
    return;
  }
  const target = get(ctx, 'Deployment', ns, targetName);
  const setPhase = (phase: string, message?: string) => {
    if (status.phase !== phase) status.lastTransitionTime = isoNow(ctx);
    status.phase = phase;
    const [cs, reason, msg] = MESSAGES[phase] ?? ['Unknown', phase, phase];
    status.conditions = setCondition(ctx, status.conditions, { type: 'Promoted', status: cs as any, reason, message: message ?? msg });
  };
  const write = () => patch(ctx, c, o => { o.status = status; }, { status: true });
  if (!target) {
    if (!status.phase) {
      setPhase('Initializing', `Deployment ${targetName}.${ns} not found`);
      write();
    }
    return;
  }
  const analysis = obj(spec.analysis);
  const interval = parseDuration(analysis.interval) ?? 60000;
  const threshold = num(analysis.threshold, 1);
  const maxWeight = num(analysis.maxWeight, 100);
  const stepWeights = arr(analysis.stepWeights).filter(n => typeof n === 'number') as number[];
  const stepWeight = num(analysis.stepWeight, 0);
  const iterations = num(analysis.iterations, 0);
  const primaryName = `${targetName}-primary`;
  const selectorKey = Object.keys(obj(obj(obj(target.spec).selector).matchLabels))[0] ?? 'app';
  const port = num(obj(spec.service).port, 80);
  const hash = hexHash(obj(target.spec).template);
  const now = ctx.clock.now().getTime();
  const key = c.metadata.uid ?? `${ns}/${c.metadata.name}`;
  const provider = typeof spec.provider === 'string' ? spec.provider : 'kubernetes';
  const component = flavor.kind === 'Canary' ? 'flagger' : 'asm-controller';
  const event = (message: string, type: 'Normal' | 'Warning' = 'Normal') => recordEvent(ctx, c, type, 'Synced', message, component);
  const self = `${c.metadata.name}.${ns}`;
  const route = (weight: number) => {
    status.canaryWeight = weight;
    applyProviderRouting(ctx, provider, c, { namespace: ns, name: targetName, owner: c, stableService: primaryName, canaryService: `${targetName}-canary`, weight });
  };

  const primary = get(ctx, 'Deployment', ns, primaryName);
  if (!primary) {
    const replicas = num(obj(target.spec).replicas, 1);
    const made = createOrError(ctx, {
      apiVersion: apiVersionOf(depType),
      kind: 'Deployment',
      metadata: { name: primaryName, namespace: ns, labels: { ...obj(target.metadata.labels), [selectorKey]: primaryName }, ownerReferences: [{ apiVersion: c.apiVersion, kind: c.kind, name: c.metadata.name, uid: c.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }] },
      spec: { replicas, ...(typeof obj(target.spec).revisionHistoryLimit === 'number' ? { revisionHistoryLimit: target.spec.revisionHistoryLimit } : {}), selector: { matchLabels: { [selectorKey]: primaryName } }, template: primaryTemplate(obj(target.spec).template, selectorKey, primaryName) },
    });
    if (!made.created) {
      setPhase('Failed', `Failed to create Deployment ${primaryName}.${ns}: ${made.error ?? 'unknown error'}`);
      write();
      return;
    }
    ensureService(ctx, ns, targetName, { [selectorKey]: primaryName }, port, c);
    ensureService(ctx, ns, primaryName, { [selectorKey]: primaryName }, port, c);
    ensureService(ctx, ns, `${targetName}-canary`, { [selectorKey]: targetName }, port, c);
    setPhase('Initializing');
    Object.assign(status, { canaryWeight: 0, failedChecks: 0, iterations: 0, trackedConfigs: {} });
    write();
    return;
  }
  const primaryReplicas = num(obj(primary.spec).replicas, 1);
  const scaleTarget = (n: number) => patch(ctx, target, o => { o.spec = { ...obj(o.spec), replicas: n }; });

  const rb = flavor.rollbackRequest?.(ctx, c);
  if (rb) {
    const wasProgressing = !['Succeeded', 'Failed', 'Initialized'].includes(status.phase);
    patch(ctx, target, o => { o.spec = { ...obj(o.spec), template: rb.template, replicas: 0 }; });
    patch(ctx, primary, o => { o.spec = { ...obj(o.spec), template: primaryTemplate(rb.template, selectorKey, primaryName) }; });
    const restored = hexHash(rb.template);
    status.lastAppliedSpec = restored;
    status.lastPromotedSpec = restored;
    route(0);
    status.failedChecks = 0;
    status.iterations = 0;
    const msg = wasProgressing ? 'Canary rolled back to the previous release, Deployment scaled to zero.' : 'Rolled back to the previous release.';
    setPhase(wasProgressing ? 'Failed' : 'Succeeded', msg);
    rb.done(msg);
    event(`Rolling back ${self} to the previous release`, 'Warning');
    write();
    return;
  }

  const phase = status.phase;
  if (phase === 'Initializing' || !phase) {
    if (available(primary)) {
      scaleTarget(0);
      status.lastAppliedSpec = hash;
      status.lastPromotedSpec = hash;
      route(0);
      setPhase('Initialized');
      event(`Initialization done! ${self}`);
    }
    write();
    return;
  }
  if (['Initialized', 'Succeeded', 'Failed'].includes(phase) && hash !== status.lastAppliedSpec) {
    const previous = JSON.parse(JSON.stringify(obj(obj(primary.spec).template)));
    previous.metadata = { ...obj(previous.metadata), labels: { ...obj(obj(previous.metadata).labels), [selectorKey]: targetName } };
    status.lastAppliedSpec = hash;
    status.failedChecks = 0;
    status.iterations = 0;
    scaleTarget(primaryReplicas);
    route(0);
    flavor.onRelease?.(ctx, c, target, previous);
    event(`New revision detected! Scaling up ${targetName}.${ns}`);
    if (!spec.skipAnalysis) event(`Starting canary analysis for ${targetName}.${ns}`);
    checks(ctx).set(key, now);
    setPhase(spec.skipAnalysis ? 'Promoting' : 'Progressing');
    write();
    return;
  }
  const due = now - (checks(ctx).get(key) ?? 0) >= interval;
  if (phase === 'Progressing') {
    if (spec.skipAnalysis) {
      // skipAnalysis set during the analysis: promote without further checks
      checks(ctx).set(key, now);
      setPhase('Promoting');
      write();
      return;
    }
    if (!available(target) || !due) {
      write();
      return;
    }
    checks(ctx).set(key, now);
    const checkIndex = num(status.iterations, 0) + stepsDone(status.canaryWeight, stepWeights, stepWeight);
    if (!metricsPass(ctx, c, target, checkIndex)) {
      status.failedChecks = num(status.failedChecks, 0) + 1;
      const metric = obj(arr(analysis.metrics)[0]).name ?? 'metrics';
      event(`Halt ${self} advancement ${metric} check failed`, 'Warning');
      if (status.failedChecks >= threshold) {
        route(0);
        scaleTarget(0);
        setPhase('Failed');
        event(`Rolling back ${self} failed checks threshold reached ${status.failedChecks}`, 'Warning');
        event(`Canary failed! Scaling down ${targetName}.${ns}`, 'Warning');
        flavor.onFinish?.(ctx, c, 'Failed', MESSAGES.Failed[2]);
      }
      write();
      return;
    }
    const w = num(status.canaryWeight, 0);
    if (stepWeights.length || stepWeight > 0) {
      const next = stepWeights.length ? stepWeights.find(x => x > w) : w + stepWeight;
      if (w >= maxWeight || next === undefined) setPhase('Promoting');
      else {
        route(Math.min(next, maxWeight));
        event(`Advance ${self} canary weight ${status.canaryWeight}`);
      }
    } else {
      status.iterations = num(status.iterations, 0) + 1;
      event(`Advance ${self} canary iteration ${status.iterations}/${iterations}`);
      if (status.iterations >= iterations) setPhase('Promoting');
    }
    write();
    return;
  }
  if (phase === 'Promoting') {
    if (!due) {
      write();
      return;
    }
    if (hashOf(primaryTemplate(obj(target.spec).template, selectorKey, primaryName)) !== hashOf(obj(primary.spec).template)) {
      event(`Copying ${targetName}.${ns} template spec to ${primaryName}.${ns}`);
    }
    patch(ctx, primary, o => { o.spec = { ...obj(o.spec), template: primaryTemplate(obj(target.spec).template, selectorKey, primaryName) }; });
    const fresh = get(ctx, 'Deployment', ns, primaryName);
    if (fresh && available(fresh) && upToDate(ctx, fresh)) {
      checks(ctx).set(key, now);
      route(0);
      setPhase('Finalising');
      event('Routing all traffic to primary');
    }
    write();
    return;
  }
  if (phase === 'Finalising') {
    if (!due) {
      write();
      return;
    }
    scaleTarget(0);
    status.lastPromotedSpec = hash;
    status.canaryWeight = 0;
    setPhase('Succeeded');
    event(`Promotion completed! Scaling down ${targetName}.${ns}`);
    flavor.onFinish?.(ctx, c, 'Succeeded', MESSAGES.Succeeded[2]);
    write();
    return;
  }
  write();
}

function stepsDone(weight: unknown, stepWeights: number[], stepWeight: number) {
  const w = num(weight, 0);
  if (stepWeights.length) return stepWeights.filter(x => x <= w).length;
  return stepWeight > 0 ? Math.floor(w / stepWeight) : 0;
}

function upToDate(ctx: Ctx, d: KubeObject) {
  const prog = arr(obj(d.status).conditions).find(x => x.type === 'Progressing');
  return prog?.reason === 'NewReplicaSetAvailable' && num(obj(d.status).updatedReplicas, 0) >= num(obj(d.spec).replicas, 1) && ctx !== undefined;
}
