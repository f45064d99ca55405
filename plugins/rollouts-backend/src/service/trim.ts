/*
 * Keeps, per kind, only the fields the shared model's derivation reads, so the watch cache stays
 * small. Pods and ReplicaSets (the bulk of a cluster) are reduced to a fixed list of fields;
 * other kinds lose managed fields, the last-applied annotation and most of their pod templates.
 * Rollback planning reads live ReplicaSets at action time, so no template is cached for them.
 */

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
    put(out, k, md[k]);
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
    put(md, 'labels', pickKeys(obj.metadata.labels, POD_LABELS));
    out.metadata = md;
  } else put(out, 'metadata', obj.metadata);
  if (isObject(obj.spec)) {
    const spec: Rec = {};
    put(spec, 'nodeName', obj.spec.nodeName);
    // Only the number of containers is read; init containers by name and restart policy.
    put(spec, 'containers', mapList(obj.spec.containers, () => ({})));
    put(spec, 'initContainers', mapList(obj.spec.initContainers, c => pick(c, ['name', 'restartPolicy']) ?? {}));
    out.spec = spec;
  } else put(out, 'spec', obj.spec);
  if (isObject(obj.status)) {
    const st = pick(obj.status, ['phase', 'reason']) ?? {};
    put(st, 'containerStatuses', mapList(obj.status.containerStatuses, trimContainerStatus));
    put(st, 'initContainerStatuses', mapList(obj.status.initContainerStatuses, trimInitContainerStatus));
    out.status = st;
  } else put(out, 'status', obj.status);
  return out;
}

function trimReplicaSet(obj: Rec): Rec {
  const out: Rec = {};
  if (isObject(obj.metadata)) {
    const md = coreMetadata(obj.metadata);
    put(md, 'labels', pickKeys(obj.metadata.labels, RS_LABELS));
    put(md, 'annotations', pickKeys(obj.metadata.annotations, RS_ANNOTATIONS));
    out.metadata = md;
  } else put(out, 'metadata', obj.metadata);
  if (isObject(obj.spec)) {
    const spec: Rec = {};
    put(spec, 'replicas', obj.spec.replicas);
    const containers = isObject(obj.spec.template) && isObject(obj.spec.template.spec) ? obj.spec.template.spec.containers : undefined;
    if (containers !== undefined) {
      spec.template = { spec: { containers: mapList(containers, c => pick(c, ['image']) ?? {}) } };
    }
    out.spec = spec;
  } else put(out, 'spec', obj.spec);
  if (isObject(obj.status)) {
    const st = pick(obj.status, ['replicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']) ?? {};
    put(st, 'conditions', mapList(obj.status.conditions, c => pick(c, ['type', 'status', 'reason', 'message']) ?? {}));
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
    const { template: _t, selector: _s, ...spec } = obj.spec;
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

/**
 * The form an object is stored in by the index: without its namespace, which the index key holds
 * (it comes back with restoreObject).
 */
export function storedObject(_plural: string, obj: any): any {
  if (!isObject(obj) || !isObject(obj.metadata) || typeof obj.metadata.namespace !== 'string') return obj;
  const { namespace: _ns, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** Puts the namespace back on an object read from the store. */
export function restoreObject(obj: any, namespace: string): any {
  if (namespace && isObject(obj) && isObject(obj.metadata) && obj.metadata.namespace === undefined) {
    obj.metadata.namespace = namespace;
  }
  return obj;
}

/*
 * Stored JSON text is made shorter, reversibly: object keys and string values that recur in every
 * cached object are written as short codes ("~" + base 36), UIDs as "~!" + base64url of their 16
 * bytes, whole-second RFC 3339 times as "~@" + base 36 seconds; a real string starting with "~" is
 * written with one more "~". JSON text is read as a sequence of string tokens (between them there
 * is never a quote), so only whole strings are rewritten, never parts of them.
 */
const KEY_WORDS = [
  'metadata', 'name', 'namespace', 'uid', 'labels', 'annotations', 'ownerReferences', 'kind', 'apiVersion',
  'creationTimestamp', 'deletionTimestamp', 'generation', 'resourceVersion', 'spec', 'status', 'replicas',
  'readyReplicas', 'availableReplicas', 'updatedReplicas', 'observedGeneration', 'conditions', 'type', 'reason',
  'message', 'lastTransitionTime', 'lastUpdateTime', 'template', 'containers', 'image', 'nodeName', 'phase',
  'containerStatuses', 'initContainerStatuses', 'initContainers', 'ready', 'restartCount', 'started', 'state',
  'running', 'waiting', 'terminated', 'exitCode', 'signal', 'restartPolicy', 'selector', 'matchLabels', 'strategy',
  'canary', 'blueGreen', 'steps', 'setWeight', 'pause', 'duration', 'currentPodHash', 'stableRS',
  'currentStepIndex', 'currentStepHash', 'pauseConditions', 'controllerPause', 'abort', 'abortedAt',
  'canaryService', 'stableService', 'activeService', 'previewService', 'trafficRouting', 'analysis', 'templates',
  'templateName', 'args', 'value', 'weight', 'hosts', 'http', 'route', 'destination', 'host', 'subset', 'ports',
  'port', 'protocol', 'targetPort', 'rules', 'backend', 'service', 'number', 'paths', 'path', 'pathType',
  'rollouts-pod-template-hash', 'pod-template-hash', 'rollout.argoproj.io/revision', 'workloadRef',
  'stablePingPong', 'activeSelector', 'previewSelector', 'controller', 'startedAt', 'finishedAt',
  'metricResults', 'measurements', 'count', 'successful', 'failed', 'inconclusive', 'error', 'dryRun',
  'app.kubernetes.io/instance', 'argocd.argoproj.io/tracking-id', 'backstage.io/kubernetes-id',
];
const VALUE_WORDS = [
  'ReplicaSet', 'Rollout', 'Experiment', 'Deployment', 'AnalysisRun', 'Service', 'argoproj.io/v1alpha1', 'apps/v1',
  'v1', 'True', 'False', 'Unknown', 'Running', 'Pending', 'Succeeded', 'Failed', 'Completed', 'Healthy',
  'Progressing', 'Degraded', 'Paused', 'Available', 'AvailableReason', 'Rollout has minimum availability',
  'NewReplicaSetAvailable', 'ReplicaSetUpdated', 'RolloutCompleted', 'RolloutPaused', 'Successful', 'Error',
  'Inconclusive', 'ReplicaFailure', 'Invalid', 'ClusterIP', 'TCP', 'http', 'Prefix', 'ImplementationSpecific',
];

function codeTables(words: string[]) {
  const code = new Map<string, string>();
  const word = new Map<string, string>();
  for (const w of words) {
    if (code.has(w)) continue;
    const c = code.size.toString(36);
    code.set(w, `~${c}`);
    word.set(c, w);
  }
  return { code, word };
}
const KEYS = codeTables(KEY_WORDS);
const VALUES = codeTables(VALUE_WORDS);

const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** One JSON string token and whether it is a key (JSON.stringify writes ":" right after keys). */
const STRING_TOKEN = /"((?:[^"\\]|\\.)*)"(:?)/g;

/** A canonical UID as 22 base64url characters (other strings unchanged); for index keys. */
export function compactUid(v: string): string {
  return UID.test(v) ? Buffer.from(v.replace(/-/g, ''), 'hex').toString('base64url') : v;
}

function encodeValue(v: string): string | undefined {
  const c = VALUES.code.get(v);
  if (c) return c;
  if (UID.test(v)) return `~!${compactUid(v)}`;
  if (TIME.test(v)) {
    const ms = Date.parse(v);
    if (Number.isFinite(ms) && ms >= 0 && new Date(ms).toISOString() === `${v.slice(0, -1)}.000Z`) {
      return `~@${(ms / 1000).toString(36)}`;
    }
  }
  return undefined;
}

function decodeValue(c: string): string | undefined {
  if (c.startsWith('!')) {
    const hex = Buffer.from(c.slice(1), 'base64url').toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (c.startsWith('@')) return new Date(parseInt(c.slice(1), 36) * 1000).toISOString().replace('.000Z', 'Z');
  return VALUES.word.get(c);
}

/** The stored text of an object: its stored form as JSON with coded keys and values. */
export function encodeObject(plural: string, obj: any): string {
  return JSON.stringify(storedObject(plural, obj)).replace(STRING_TOKEN, (all, s: string, colon: string) => {
    const coded = colon ? KEYS.code.get(s) : encodeValue(s);
    if (coded) return `"${coded}"${colon}`;
    return s.startsWith('~') ? `"~${s}"${colon}` : all;
  });
}

/** Reads stored text back into the object the model sees (namespace restored). */
export function decodeObject(text: string, namespace: string): any {
  const json = !text.includes('"~')
    ? text
    : text.replace(STRING_TOKEN, (all, s: string, colon: string) => {
        if (!s.startsWith('~')) return all;
        if (s.startsWith('~~')) return `"${s.slice(1)}"${colon}`;
        const word = colon ? KEYS.word.get(s.slice(1)) : decodeValue(s.slice(1));
        return word === undefined ? all : `"${word}"${colon}`;
      });
  return restoreObject(JSON.parse(json), namespace);
}
