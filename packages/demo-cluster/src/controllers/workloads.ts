import type { KubeObject } from '../store/types';
import {
  Ctx,
  apiVersionOf,
  arr,
  create,
  fnv32a,
  get,
  isOwnedBy,
  isoNow,
  list,
  num,
  obj,
  ownerRef,
  patch,
  podTemplateHash,
  randomSuffix,
  remove,
  setCondition,
  typeOf,
} from './runtime';

/** Nominal ms before a new pod turns Ready (plus a per-pod jitter). */
export const POD_READY_MS = 1500;

function podReadyAt(pod: KubeObject) {
  const created = Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
  return created + POD_READY_MS + (fnv32a(pod.metadata.name) % 1000);
}

function digest(image: string) {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32a(`${image}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

/** A pod template whose containers never get ready (demo of a broken release). */
function isBroken(template: any) {
  const ann = obj(obj(template.metadata).annotations)['demo.rollscope.io/pods'];
  if (ann === 'CrashLoopBackOff') return true;
  return arr(obj(template.spec).containers).some(
    c => typeof obj(c).image === 'string' && /:(broken|crash)/.test(c.image),
  );
}

function newPod(ctx: Ctx, rs: KubeObject, podType: NonNullable<ReturnType<typeof typeOf>>) {
  const template = obj(rs.spec.template);
  const spec = JSON.parse(JSON.stringify(obj(template.spec)));
  spec.nodeName = `demo-node-${1 + Math.floor(ctx.random() * 3)}`;
  return create(ctx, {
    apiVersion: apiVersionOf(podType),
    kind: 'Pod',
    metadata: {
      // generateName bases are cut to 58 characters, as the API server does
      name: `${`${rs.metadata.name}-`.slice(0, 58)}${randomSuffix(ctx)}`,
      namespace: rs.metadata.namespace,
      labels: { ...obj(obj(template.metadata).labels) },
      annotations: { ...obj(obj(template.metadata).annotations) },
      ownerReferences: [ownerRef(rs)],
    },
    spec,
    status: {},
  });
}

/** A container's state: creating, crash-looping (broken release) or running. */
function containerState(started: boolean, broken: boolean, name: unknown, ts: unknown) {
  if (!started) return { waiting: { reason: 'ContainerCreating' } };
  if (broken) return { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${name}` } };
  return { running: { startedAt: ts } };
}

/** Writes pod status as the kubelet would: Pending, then Running and Ready (or crash-looping). */
function reconcilePod(ctx: Ctx, pod: KubeObject, broken: boolean) {
  const now = ctx.clock.now().getTime();
  const ready = !broken && now >= podReadyAt(pod);
  const started = now >= podReadyAt(pod) - 700;
  const ts = pod.metadata.creationTimestamp;
  const containers = arr(obj(pod.spec).containers).filter(c => c && typeof c.name === 'string');
  if (ready && isPodReady(pod) && obj(pod.status).phase === 'Running') return true;
  const restarts = broken && started ? Math.floor((now - podReadyAt(pod)) / 20000) + 1 : 0;
  const st = (t: string, ok: boolean) => ({
    type: t,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: ts,
  });
  const status = {
    phase: started ? 'Running' : 'Pending',
    conditions: [
      st('Initialized', true),
      st('Ready', ready),
      st('ContainersReady', ready),
      st('PodScheduled', true),
    ],
    hostIP: '10.0.0.1',
    podIP: started ? `10.244.${fnv32a(pod.metadata.name) % 250}.${(fnv32a(`${pod.metadata.name}x`) % 250) + 2}` : undefined,
    startTime: ts,
    qosClass: 'BestEffort',
    containerStatuses: containers.map(c => ({
      name: c.name,
      image: c.image,
      ...(started ? { containerID: `containerd://${digest(`${pod.metadata.name}/${c.name}`)}` } : {}),
      lastState: {},
      imageID: typeof c.image === 'string' ? `${c.image.replace(/:[^/:]+$/, '')}@sha256:${digest(c.image)}` : '',
      ready,
      started: started && !broken,
      restartCount: restarts,
      state: containerState(started, broken, c.name, ts),
    })),
  };
  if (!status.podIP) delete status.podIP;
  patch(ctx, pod, o => {
    o.status = status;
  }, { status: true });
  return ready;
}

export function isPodReady(pod: KubeObject) {
  return arr(obj(pod.status).conditions).some(c => c.type === 'Ready' && c.status === 'True');
}

/** ReplicaSet controller: keeps spec.replicas pods, writes status counts. */
export function reconcileReplicaSets(ctx: Ctx) {
  const podType = typeOf(ctx, 'Pod');
  if (!podType) return;
  const pods = list(ctx, 'Pod');
  for (const rs of list(ctx, 'ReplicaSet')) {
    if (!rs.spec || typeof rs.spec !== 'object') continue;
    const want = Math.max(0, num(rs.spec.replicas, 1));
    let mine = pods.filter(p => isOwnedBy(p, rs));
    const broken = isBroken(obj(rs.spec.template));
    if (mine.length > want) {
      const victims = [...mine]
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) ||
          (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))
        .slice(0, mine.length - want);
      victims.forEach(v => remove(ctx, v));
      mine = mine.filter(p => !victims.includes(p));
    }
    for (let i = mine.length; i < want; i++) {
      const p = newPod(ctx, rs, podType);
      if (p) mine.push(p);
    }
    let ready = 0;
    for (const p of mine) if (reconcilePod(ctx, p, broken)) ready++;
    patch(ctx, rs, o => {
      const s: any = {
        replicas: mine.length,
        fullyLabeledReplicas: mine.length || undefined,
        readyReplicas: ready || undefined,
        availableReplicas: ready || undefined,
        observedGeneration: o.metadata.generation,
      };
      Object.keys(s).forEach(k => s[k] === undefined && delete s[k]);
      o.status = s;
    }, { status: true });
  }
}

/** Deployment controller: one ReplicaSet per template, old ones scaled down once the new one is available. */
export function reconcileDeployments(ctx: Ctx) {
  const rsType = typeOf(ctx, 'ReplicaSet');
  if (!rsType) return;
  const allRs = list(ctx, 'ReplicaSet');
  for (const d of list(ctx, 'Deployment')) {
    const spec = obj(d.spec);
    const template = obj(spec.template);
    if (!template.spec) continue;
    const replicas = Math.max(0, num(spec.replicas, 1));
    const hash = podTemplateHash(template);
    const mine = allRs.filter(r => isOwnedBy(r, d));
    let current = mine.find(r => obj(r.metadata.labels)['pod-template-hash'] === hash);
    const maxRev = Math.max(0, ...mine.map(r => Number(obj(r.metadata.annotations)['deployment.kubernetes.io/revision']) || 0));
    if (!current) {
      current = create(ctx, {
        apiVersion: apiVersionOf(rsType),
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...obj(obj(template.metadata).labels), 'pod-template-hash': hash },
          annotations: { 'deployment.kubernetes.io/revision': String(maxRev + 1) },
          ownerReferences: [ownerRef(d)],
        },
        spec: {
          replicas,
          selector: { matchLabels: { ...obj(obj(spec.selector).matchLabels), 'pod-template-hash': hash } },
          template: { ...template, metadata: { ...obj(template.metadata), labels: { ...obj(obj(template.metadata).labels), 'pod-template-hash': hash } } },
        },
      });
      if (!current) continue;
    } else {
      const rev = Number(obj(current.metadata.annotations)['deployment.kubernetes.io/revision']) || 0;
      patch(ctx, current, o => {
        o.spec.replicas = replicas;
        if (rev < maxRev) {
          o.metadata.annotations = { ...obj(o.metadata.annotations), 'deployment.kubernetes.io/revision': String(maxRev + 1) };
        }
      });
      current = get(ctx, 'ReplicaSet', current.metadata.namespace, current.metadata.name) ?? current;
    }
    const available = num(obj(current.status).availableReplicas, 0);
    const newDone = available >= replicas;
    let total = num(obj(current.status).replicas, 0);
    let ready = num(obj(current.status).readyReplicas, 0);
    let avail = available;
    for (const old of mine) {
      if (old.metadata.name === current.metadata.name) continue;
      if (newDone) patch(ctx, old, o => { o.spec.replicas = 0; });
      total += num(obj(old.status).replicas, 0);
      ready += num(obj(old.status).readyReplicas, 0);
      avail += num(obj(old.status).availableReplicas, 0);
    }
    const name = current.metadata.name;
    patch(ctx, d, o => {
      let conds = setCondition(ctx, obj(o.status).conditions, avail >= replicas
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
      conds = setCondition(ctx, conds, newDone && total === available
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` }
        : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` });
      const s: any = {
        observedGeneration: o.metadata.generation,
        replicas: total,
        updatedReplicas: num(obj(current!.status).replicas, 0),
        readyReplicas: ready,
        availableReplicas: avail,
        unavailableReplicas: Math.max(0, total - avail),
        conditions: conds,
      };
      Object.keys(s).forEach(k => (s[k] === 0 && k !== 'replicas') && delete s[k]);
      o.status = s;
    }, { status: true });
  }
}

export { isoNow };
