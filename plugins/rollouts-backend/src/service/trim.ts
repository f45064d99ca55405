/*
 * Keeps, per kind, only the fields the shared model's derivation reads, so the watch cache stays
 * small. Pods, ReplicaSets and AnalysisRuns (the bulk of a cluster) are reduced to a fixed list of
 * fields; other kinds lose managed fields, the last-applied annotation and most of their pod
 * templates. Rollback planning reads live ReplicaSets at action time, so of a Rollout's template
 * only its containers' names and images are kept. To keep a field for a new kind: add a trim function below and a case in trimObject;
 * trim.test.ts checks that every fixture still derives the same views from trimmed objects.
 */

import { shareString, shareValue } from './shared';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Pod labels the model reads (Flagger's and Argo Rollouts' template hashes). */
const POD_LABELS = ['pod-template-hash', 'rollouts-pod-template-hash'];
/** ReplicaSet labels and annotations the model reads. */
const RS_LABELS = ['rollouts-pod-template-hash', 'pod-template-hash'];
const RS_ANNOTATIONS = [
  'rollout.argoproj.io/revision',
  'scale-down-deadline',
  'experiment.argoproj.io/template-name',
];

type Rec = Record<string, any>;

function isObject(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Copies the listed keys that are present (undefined ones are left out). */
function pick(src: unknown, keys: readonly string[]): Rec | undefined {
  if (!isObject(src)) return undefined;
  let out: Rec | undefined;
  for (const k of keys) {
    if (src[k] !== undefined) (out ??= {})[k] = src[k];
  }
  return out;
}

/** Sets `out[key]` only when `value` is not undefined. */
function put(out: Rec, key: string, value: unknown) {
  if (value !== undefined) out[key] = value;
}

/** Keeps the value when it is not an array (so a malformed field stays malformed), else maps it. */
function mapList(list: unknown, fn: (item: unknown) => unknown): unknown {
  return Array.isArray(list) ? list.map(i => (isObject(i) ? fn(i) : i)) : list;
}

/** The listed keys of a map; anything that is not a map is kept as it is (and read as such). */
function pickKeys(src: unknown, keys: readonly string[]): unknown {
  return isObject(src) ? pick(src, keys) : src;
}

function trimOwnerRefs(refs: unknown): unknown {
  return mapList(refs, r => pick(r, ['kind', 'name', 'uid']) ?? {});
}

/** Metadata every kind keeps: identity, ownership, times. */
const CORE_METADATA = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp'];
/** Pods have no generation the model reads. */
const POD_METADATA = CORE_METADATA.filter(k => k !== 'generation');

function coreMetadata(md: Rec, keys = CORE_METADATA): Rec {
  const out: Rec = {};
  for (const k of keys) {
    put(out, k, k === 'creationTimestamp' || k === 'deletionTimestamp' ? shareString(md[k]) : md[k]);
  }
  put(out, 'ownerReferences', trimOwnerRefs(md.ownerReferences));
  return out;
}

function trimState(state: unknown): unknown {
  if (!isObject(state)) return state;
  const out: Rec = {};
  if (state.waiting !== undefined) out.waiting = isObject(state.waiting) ? pick(state.waiting, ['reason']) ?? {} : state.waiting;
  if (state.running !== undefined) out.running = isObject(state.running) ? {} : state.running;
  if (state.terminated !== undefined) {
    out.terminated = isObject(state.terminated) ? pick(state.terminated, ['reason', 'exitCode', 'signal']) ?? {} : state.terminated;
  }
  return out;
}

/** Container statuses: names matter only for init containers (sidecars are found by name). */
function trimStatus(keys: string[]) {
  return (s: unknown): unknown => {
    const c = s as Rec;
    const out = pick(c, keys) ?? {};
    put(out, 'state', trimState(c.state));
    return out;
  };
}
const trimContainerStatus = trimStatus(['ready', 'restartCount']);
const trimInitContainerStatus = trimStatus(['name', 'ready', 'started', 'restartCount']);

function trimPod(obj: Rec): Rec {
  const out: Rec = {};
  if (isObject(obj.metadata)) {
    const md = coreMetadata(obj.metadata, POD_METADATA);
    put(md, 'labels', shareValue(pickKeys(obj.metadata.labels, POD_LABELS)));
    out.metadata = md;
  } else put(out, 'metadata', obj.metadata);
  if (isObject(obj.spec)) {
    const spec: Rec = {};
    put(spec, 'nodeName', obj.spec.nodeName);
    // Only the number of containers is read; init containers by name and restart policy.
    put(spec, 'containers', mapList(obj.spec.containers, () => ({})));
    put(spec, 'initContainers', mapList(obj.spec.initContainers, c => pick(c, ['name', 'restartPolicy']) ?? {}));
    out.spec = shareValue(spec);
  } else put(out, 'spec', obj.spec);
  if (isObject(obj.status)) {
    const st = pick(obj.status, ['phase', 'reason']) ?? {};
    put(st, 'containerStatuses', mapList(obj.status.containerStatuses, trimContainerStatus));
    put(st, 'initContainerStatuses', mapList(obj.status.initContainerStatuses, trimInitContainerStatus));
    out.status = shareValue(st);
  } else put(out, 'status', obj.status);
  return out;
}

function trimReplicaSet(obj: Rec): Rec {
  const out: Rec = {};
  if (isObject(obj.metadata)) {
    const md = coreMetadata(obj.metadata);
    put(md, 'labels', shareValue(pickKeys(obj.metadata.labels, RS_LABELS)));
    put(md, 'annotations', shareValue(pickKeys(obj.metadata.annotations, RS_ANNOTATIONS)));
    out.metadata = md;
  } else put(out, 'metadata', obj.metadata);
  if (isObject(obj.spec)) {
    const spec: Rec = {};
    put(spec, 'replicas', obj.spec.replicas);
    const containers = isObject(obj.spec.template) && isObject(obj.spec.template.spec) ? obj.spec.template.spec.containers : undefined;
    if (containers !== undefined) {
      spec.template = { spec: { containers: mapList(containers, c => pick(c, ['image']) ?? {}) } };
    }
    out.spec = shareValue(spec);
  } else put(out, 'spec', obj.spec);
  if (isObject(obj.status)) {
    const st = pick(obj.status, ['replicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']) ?? {};
    put(st, 'conditions', mapList(obj.status.conditions, c => pick(c, ['type', 'status', 'reason', 'message']) ?? {}));
    out.status = shareValue(st);
  } else put(out, 'status', obj.status);
  return out;
}

/** AnalysisRun metric specs: what the analysis view shows (conditions, limits, provider name). */
const METRIC_SPEC = ['name', 'successCondition', 'failureCondition', 'failureLimit', 'inconclusiveLimit', 'count', 'interval'];
const METRIC_RESULT = ['name', 'phase', 'message', 'successful', 'failed', 'inconclusive', 'error', 'count'];
const MEASUREMENT = ['phase', 'value', 'message', 'startedAt', 'finishedAt'];
const RUN_LABELS = ['rollout-type', 'step-index', 'rollouts-pod-template-hash'];

function trimMetricSpec(m: unknown): unknown {
  const out = pick(m, METRIC_SPEC) ?? {};
  const provider = (m as Rec).provider;
  // only the provider's name is shown
  if (provider !== undefined) out.provider = isObject(provider) ? Object.fromEntries(Object.keys(provider).slice(0, 1).map(k => [k, {}])) : provider;
  return out;
}

function trimMeasurement(m: unknown): unknown {
  const out = pick(m, MEASUREMENT) ?? {};
  out.startedAt = shareString(out.startedAt);
  out.finishedAt = shareString(out.finishedAt);
  if (out.startedAt === undefined) delete out.startedAt;
  if (out.finishedAt === undefined) delete out.finishedAt;
  const md = (m as Rec).metadata;
  if (md !== undefined) out.metadata = pickKeys(md, ['job-name']);
  return out;
}

function trimAnalysisRun(obj: Rec): Rec {
  const out: Rec = {};
  if (isObject(obj.metadata)) {
    const md = coreMetadata(obj.metadata);
    put(md, 'labels', shareValue(pickKeys(obj.metadata.labels, RUN_LABELS)));
    put(md, 'annotations', shareValue(pickKeys(obj.metadata.annotations, RS_ANNOTATIONS)));
    out.metadata = md;
  } else put(out, 'metadata', obj.metadata);
  if (isObject(obj.spec)) {
    const spec: Rec = {};
    put(spec, 'metrics', mapList(obj.spec.metrics, trimMetricSpec));
    put(spec, 'dryRun', obj.spec.dryRun);
    out.spec = shareValue(spec);
  } else put(out, 'spec', obj.spec);
  if (isObject(obj.status)) {
    const st = pick(obj.status, ['phase', 'message', 'startedAt']) ?? {};
    put(
      st,
      'metricResults',
      mapList(obj.status.metricResults, r => {
        const res = pick(r, METRIC_RESULT) ?? {};
        put(res, 'measurements', mapList((r as Rec).measurements, trimMeasurement));
        return res;
      }),
    );
    put(st, 'dryRunSummary', obj.status.dryRunSummary);
    out.status = st;
  } else put(out, 'status', obj.status);
  return out;
}

function trimContainers(list: unknown): unknown {
  return mapList(list, c => ({ name: c && (c as Rec).name, image: c && (c as Rec).image }));
}

function trimPodSpec(spec: unknown): unknown {
  if (!isObject(spec)) return spec;
  const out: Rec = {};
  if (spec.containers !== undefined) out.containers = trimContainers(spec.containers);
  if (spec.initContainers !== undefined) out.initContainers = trimContainers(spec.initContainers);
  if (spec.nodeName !== undefined) out.nodeName = spec.nodeName;
  return out;
}

/** Returns a trimmed copy (the input is not changed). */
export function trimObject(plural: string, obj: unknown): any {
  if (!isObject(obj)) return obj;
  if (plural === 'pods') return trimPod(obj);
  if (plural === 'replicasets') return trimReplicaSet(obj);
  if (plural === 'analysisruns') return trimAnalysisRun(obj);
  const out: Rec = { ...obj };
  if (isObject(obj.metadata)) {
    const md: Rec = { ...obj.metadata };
    delete md.managedFields;
    if (isObject(md.annotations) && LAST_APPLIED in md.annotations) {
      md.annotations = { ...md.annotations };
      delete md.annotations[LAST_APPLIED];
    }
    out.metadata = md;
  }
  if (plural === 'rollouts' && isObject(obj.spec)) {
    // Images come from the ReplicaSets and actions read the live rollout: no template, no selector.
    const { template, selector: _s, ...spec } = obj.spec;
    // rollouts made from one chart share their strategy
    if (spec.strategy !== undefined) spec.strategy = shareValue(spec.strategy);
    // of the template, only the containers' names and images (the set-image action offers them)
    const containers = isObject(template) && isObject(template.spec) ? template.spec.containers : undefined;
    if (containers !== undefined) spec.template = { spec: { containers: mapList(containers, c => pick(c, ['name', 'image']) ?? {}) } };
    out.spec = spec;
  } else if (plural === 'deployments' || plural === 'statefulsets') {
    if (isObject(obj.spec) && isObject(obj.spec.template)) {
      out.spec = {
        ...obj.spec,
        template: { ...obj.spec.template, spec: trimPodSpec(obj.spec.template.spec) },
      };
    }
  }
  return out;
}
