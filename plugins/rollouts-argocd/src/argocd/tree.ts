/*
 * Argo CD's application tree → the inputs the common model derives from. The tree holds summaries
 * (ResourceNode), not objects, so ReplicaSets, Pods and AnalysisRuns are rebuilt as the smallest
 * objects carrying what the tree knows: names, uids, owners, images, revision, pod readiness.
 */
import type {
  CanaryInputs,
  DeliveryKind,
  RolloutInputs,
} from '@rollscope/rollouts-common';
import type {
  ArgoApplication,
  ArgoApplicationTree,
  ArgoResourceNode,
  ArgoResourceRef,
} from './types';

/** The delivery kinds and the API group each lives in. @public */
export const deliveryKinds: {
  kind: DeliveryKind;
  group: string;
  version: string;
  icon: string;
}[] = [
  {
    kind: 'Rollout',
    group: 'argoproj.io',
    version: 'v1alpha1',
    icon: 'fa-sliders-h',
  },
  {
    kind: 'CanaryDelivery',
    group: 'asm.alauda.io',
    version: 'v1alpha1',
    icon: 'fa-dove',
  },
  {
    kind: 'Canary',
    group: 'flagger.app',
    version: 'v1beta1',
    icon: 'fa-feather',
  },
];

/** Which delivery kind a group/kind pair is, if any. @public */
export function deliveryKindOf(
  group: unknown,
  kind: unknown,
): DeliveryKind | undefined {
  return deliveryKinds.find(d => d.group === group && d.kind === kind)?.kind;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;
const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const isObj = (v: unknown): v is Record<string, any> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** The nodes of a tree, skipping anything that is not an object. */
export function treeNodes(tree: unknown): ArgoResourceNode[] {
  if (!isObj(tree)) return [];
  return asArray<unknown>((tree as ArgoApplicationTree).nodes).filter(
    isObj,
  ) as ArgoResourceNode[];
}

/** A delivery found in an application. @public */
export interface DeliveryRefInApp {
  kind: DeliveryKind;
  group: string;
  version: string;
  namespace: string;
  name: string;
  uid?: string;
  /** The live object's resourceVersion as the resource tree (stream) last reported it. */
  resourceVersion?: string;
  /** Argo CD's health status of the resource, when it has one. */
  health?: string;
  healthMessage?: string;
}

/**
 * Every delivery of the application: from the resource tree, completed by application.status.resources
 * (which lists resources the tree may not have yet). Sorted by kind, namespace, name.
 * @public
 */
export function findDeliveries(
  application: unknown,
  tree: unknown,
): DeliveryRefInApp[] {
  const found = new Map<string, DeliveryRefInApp>();
  const add = (
    n: ArgoResourceRef & { health?: { status?: string; message?: string } },
  ) => {
    const kind = deliveryKindOf(n.group, n.kind);
    const name = str(n.name);
    if (!kind || !name) return;
    const namespace = str(n.namespace) ?? '';
    const key = `${kind}/${namespace}/${name}`;
    const prev = found.get(key);
    const def = deliveryKinds.find(d => d.kind === kind)!;
    found.set(key, {
      kind,
      group: def.group,
      version: str(n.version) ?? prev?.version ?? def.version,
      namespace,
      name,
      uid: str(n.uid) ?? prev?.uid,
      resourceVersion: str((n as { resourceVersion?: unknown }).resourceVersion) ?? prev?.resourceVersion,
      health: str(n.health?.status) ?? prev?.health,
      healthMessage: str(n.health?.message) ?? prev?.healthMessage,
    });
  };
  for (const n of treeNodes(tree)) add(n);
  const app = isObj(application) ? (application as ArgoApplication) : {};
  for (const r of asArray<unknown>(app.status?.resources))
    if (isObj(r)) add(r as ArgoResourceRef);
  const order = (k: DeliveryKind) => deliveryKinds.findIndex(d => d.kind === k);
  return [...found.values()].sort(
    (a, b) =>
      order(a.kind) - order(b.kind) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}

function infoValue(node: ArgoResourceNode, name: string): string | undefined {
  for (const i of asArray<unknown>(node.info)) {
    if (isObj(i) && i.name === name && typeof i.value === 'string')
      return i.value;
  }
  return undefined;
}

function isChildOf(
  node: ArgoResourceNode,
  parent: { uid?: string; kind?: string; name?: string; namespace?: string },
) {
  return asArray<unknown>(node.parentRefs).some(p => {
    if (!isObj(p)) return false;
    if (parent.uid && p.uid) return p.uid === parent.uid;
    return (
      p.kind === parent.kind &&
      p.name === parent.name &&
      (p.namespace ?? '') === (parent.namespace ?? '')
    );
  });
}

function ownerRef(
  apiVersion: string,
  kind: string,
  name: string,
  uid: string | undefined,
) {
  return {
    apiVersion,
    kind,
    name,
    uid: uid ?? `${kind}/${name}`,
    controller: true,
  };
}

/** Argo CD puts a pod's labels in networkingInfo.labels; otherwise the hash taken from the ReplicaSet name. */
function podLabels(
  node: ArgoResourceNode,
  hash?: string,
): Record<string, string> {
  const labels: Record<string, string> = {};
  const info = node.networkingInfo as { labels?: unknown } | undefined;
  if (isObj(info) && isObj(info.labels)) {
    for (const [k, v] of Object.entries(info.labels))
      if (typeof v === 'string') labels[k] = v;
  }
  if (hash && !labels['rollouts-pod-template-hash'])
    labels['rollouts-pod-template-hash'] = hash;
  return labels;
}

function podFromNode(
  node: ArgoResourceNode,
  owner: { name: string; uid?: string },
  hash?: string,
) {
  const containers = /^(\d+)\/(\d+)$/.exec(infoValue(node, 'Containers') ?? '');
  const ready = containers ? Number(containers[1]) : undefined;
  const total = containers
    ? Number(containers[2])
    : asArray<string>(node.images).length;
  const reason = infoValue(node, 'Status Reason');
  const restarts = Number(infoValue(node, 'Restart Count') ?? '0') || 0;
  let phase = node.health?.status === 'Healthy' ? 'Running' : 'Pending';
  if (reason === 'Completed') phase = 'Succeeded';
  else if (
    reason === 'Running' ||
    reason === 'Pending' ||
    reason === 'Failed'
  ) {
    phase = reason;
  }
  const images = asArray<unknown>(node.images).filter(
    (i): i is string => typeof i === 'string',
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: node.name,
      namespace: node.namespace,
      uid: node.uid ?? `Pod/${node.name}`,
      creationTimestamp: node.createdAt,
      labels: podLabels(node, hash),
      ownerReferences: [
        ownerRef('apps/v1', 'ReplicaSet', owner.name, owner.uid),
      ],
    },
    spec: {
      nodeName: infoValue(node, 'Node'),
      containers: images.map((image, i) => ({ name: `c${i}`, image })),
    },
    status: {
      phase,
      reason: reason && reason !== phase ? reason : undefined,
      containerStatuses: Array.from({ length: total }, (_, i) => ({
        name: `c${i}`,
        image: images[i],
        ready:
          ready === undefined ? node.health?.status === 'Healthy' : i < ready,
        restartCount: i === 0 ? restarts : 0,
        state:
          reason && reason !== 'Running' && reason !== 'Completed'
            ? { waiting: { reason } }
            : { running: {} },
      })),
    },
  };
}

function podIsReady(pod: ReturnType<typeof podFromNode>): boolean {
  return (
    pod.status.phase === 'Running' &&
    pod.status.containerStatuses.every(c => c.ready)
  );
}

/**
 * Inputs for deriving a Rollout from Argo CD's live resource and tree. ReplicaSet replica counts
 * come from the pods the tree lists, since the tree carries no status.
 * @public
 */
export function rolloutInputsFromTree(
  resource: unknown,
  tree: unknown,
  cluster?: string,
): RolloutInputs {
  const meta =
    isObj(resource) && isObj(resource.metadata) ? resource.metadata : {};
  const rollout = {
    name: str(meta.name),
    namespace: str(meta.namespace),
    uid: str(meta.uid),
    kind: 'Rollout',
  };
  const nodes = treeNodes(tree);
  const replicaSets: unknown[] = [];
  const pods: unknown[] = [];
  const analysisRuns: unknown[] = [];
  for (const n of nodes) {
    if (n.kind === 'ReplicaSet' && isChildOf(n, rollout) && str(n.name)) {
      const name = n.name as string;
      const hash =
        rollout.name && name.startsWith(`${rollout.name}-`)
          ? name.slice(rollout.name.length + 1)
          : undefined;
      const revision = /(\d+)/.exec(infoValue(n, 'Revision') ?? '')?.[1];
      const rsPods = nodes
        .filter(p => p.kind === 'Pod' && isChildOf(p, n))
        .map(p => podFromNode(p, { name, uid: n.uid }, hash));
      pods.push(...rsPods);
      const images = [
        ...new Set([
          ...asArray<unknown>(n.images),
          ...rsPods.flatMap(p => p.spec.containers.map(c => c.image)),
        ]),
      ].filter((i): i is string => typeof i === 'string');
      const ready = rsPods.filter(podIsReady).length;
      replicaSets.push({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: n.namespace,
          uid: n.uid ?? `ReplicaSet/${name}`,
          creationTimestamp: n.createdAt,
          labels: hash ? { 'rollouts-pod-template-hash': hash } : {},
          annotations: revision
            ? { 'rollout.argoproj.io/revision': revision }
            : {},
          ownerReferences: [
            ownerRef(
              'argoproj.io/v1alpha1',
              'Rollout',
              rollout.name ?? '',
              rollout.uid,
            ),
          ],
        },
        spec: {
          replicas: rsPods.length,
          template: {
            spec: {
              containers: images.map((image, i) => ({ name: `c${i}`, image })),
            },
          },
        },
        status: {
          replicas: rsPods.length,
          readyReplicas: ready,
          availableReplicas: ready,
        },
      });
    }
    if (n.kind === 'AnalysisRun' && isChildOf(n, rollout) && str(n.name)) {
      // The node's info carries the revision; the name (<rollout>-<hash>-<revision>[-<step>])
      // then tells the pod template hash and the step, as the labels would.
      const revision = /(\d+)/.exec(infoValue(n, 'Revision') ?? '')?.[1];
      const escaped = (rollout.name ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const parsed =
        revision && rollout.name
          ? new RegExp(`^${escaped}-([a-z0-9]+)-${revision}(?:-(\\d+))?(?:\\.\\d+)?$`).exec(n.name as string)
          : null;
      const labels: Record<string, string> = {};
      if (parsed?.[1]) labels['rollouts-pod-template-hash'] = parsed[1];
      if (parsed?.[2] !== undefined) {
        labels['rollout-type'] = 'Step';
        labels['step-index'] = parsed[2];
      }
      analysisRuns.push({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisRun',
        metadata: {
          name: n.name,
          namespace: n.namespace,
          uid: n.uid ?? `AnalysisRun/${n.name}`,
          creationTimestamp: n.createdAt,
          labels,
          annotations: revision ? { 'rollout.argoproj.io/revision': revision } : {},
          ownerReferences: [
            ownerRef(
              'argoproj.io/v1alpha1',
              'Rollout',
              rollout.name ?? '',
              rollout.uid,
            ),
          ],
        },
        status: {
          phase: analysisPhaseFromHealth(n.health?.status),
          message: n.health?.message,
        },
      });
    }
  }
  return { rollout: resource, replicaSets, pods, analysisRuns, cluster };
}

function analysisPhaseFromHealth(health: unknown): string | undefined {
  switch (health) {
    case 'Healthy':
      return 'Successful';
    case 'Degraded':
      return 'Failed';
    case 'Progressing':
      return 'Running';
    default:
      return undefined;
  }
}

/** Inputs for a Flagger Canary or a CanaryDelivery: the object plus the pods the tree shows. @public */
export function canaryInputsFromTree(
  resource: unknown,
  tree: unknown,
  cluster?: string,
): CanaryInputs {
  const pods = treeNodes(tree)
    .filter(n => n.kind === 'Pod' && str(n.name))
    .map(n => podFromNode(n, { name: '' }));
  return { canary: resource, pods, cluster };
}

/** Argo CD's "<namespace>:<name>" application identifier, as the proxy extension header wants it. @public */
export function applicationHeader(application: unknown): string | undefined {
  if (!isObj(application) || !isObj(application.metadata)) return undefined;
  const name = str(application.metadata.name);
  if (!name) return undefined;
  const ns = str(application.metadata.namespace);
  return ns ? `${ns}:${name}` : name;
}

/** The application's project, "default" when unset (as Argo CD does). @public */
export function applicationProject(application: unknown): string {
  return (
    (isObj(application) &&
      isObj(application.spec) &&
      str(application.spec.project)) ||
    'default'
  );
}
