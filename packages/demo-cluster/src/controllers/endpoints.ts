/*
 * The endpoints and EndpointSlice controllers of kube-controller-manager, reduced to what clients
 * read: for every Service with a selector, one Endpoints object (named like the Service) and one
 * EndpointSlice (labelled kubernetes.io/service-name) listing the pods the selector picks, ready
 * ones as addresses and the others as not ready, with the Service's ports resolved to the target
 * ports. `kubectl describe service` and `kubectl get endpoints,endpointslices` read these.
 */
import type { KubeObject } from '../store/types';
import { Ctx, arr, create, fnv32a, get, list, obj, ownerRef, patch, remove } from './runtime';

const SERVICE_NAME = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

function selects(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every(k => labels[k] === selector[k]);
}

function podReady(pod: KubeObject): boolean {
  return arr(obj(pod.status).conditions).some(c => obj(c).type === 'Ready' && obj(c).status === 'True');
}

/** The Service's ports as endpoints carry them: the target port (a number; named ports stay unresolved as the port). */
function endpointPorts(svc: KubeObject) {
  return arr(obj(svc.spec).ports).map(p => {
    const port = obj(p);
    const target = typeof port.targetPort === 'number' ? port.targetPort : port.port;
    return { ...(port.name ? { name: port.name } : {}), port: target, protocol: port.protocol ?? 'TCP' };
  });
}

function reconcileService(ctx: Ctx, svc: KubeObject, podsOfNamespace: KubeObject[]) {
  const ns = svc.metadata.namespace;
  const name = svc.metadata.name;
  const selector = obj(obj(svc.spec).selector);
  const pods = podsOfNamespace.filter(
    p => !p.metadata.deletionTimestamp && obj(p.status).podIP && selects(selector, obj(p.metadata.labels)),
  );
  pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const address = (p: KubeObject) => ({
    ip: obj(p.status).podIP,
    ...(obj(p.spec).nodeName ? { nodeName: obj(p.spec).nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
  });
  const ready = pods.filter(podReady).map(address);
  const notReady = pods.filter(p => !podReady(p)).map(address);
  const ports = endpointPorts(svc);
  const subsets = pods.length ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }] : [];

  const existing = get(ctx, 'Endpoints', ns, name);
  if (!existing) {
    create(ctx, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels: { ...obj(svc.metadata.labels) } }, subsets } as KubeObject);
  } else {
    patch(ctx, existing, o => {
      (o as any).subsets = subsets;
    });
  }

  const sliceName = `${name}-${(fnv32a(`${ns}/${name}`) % 0xfffff).toString(36).padStart(5, '0').slice(0, 5)}`;
  const endpoints = pods.map(p => ({
    addresses: [obj(p.status).podIP],
    conditions: { ready: podReady(p), serving: podReady(p), terminating: false },
    targetRef: address(p).targetRef,
    ...(obj(p.spec).nodeName ? { nodeName: obj(p.spec).nodeName } : {}),
  }));
  const slicePorts = ports.map(p => ({ ...(p.name ? { name: p.name } : { name: '' }), port: p.port, protocol: p.protocol }));
  const slice = get(ctx, 'EndpointSlice', ns, sliceName);
  if (!slice) {
    create(ctx, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: sliceName,
        namespace: ns,
        labels: { [SERVICE_NAME]: name, [MANAGED_BY]: 'endpointslice-controller.k8s.io' },
        ownerReferences: [{ ...ownerRef(svc), blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints,
      ports: slicePorts,
    } as unknown as KubeObject);
  } else {
    patch(ctx, slice, o => {
      (o as any).endpoints = endpoints;
      (o as any).ports = slicePorts;
    });
  }
}

/** One pass: Endpoints and EndpointSlices in step with Services and pods. */
export function reconcileEndpoints(ctx: Ctx) {
  const services = list(ctx, 'Service').filter(s => Object.keys(obj(obj(s.spec).selector)).length > 0);
  const wanted = new Set(services.map(s => `${s.metadata.namespace}/${s.metadata.name}`));
  const podsByNamespace = new Map<string, KubeObject[]>();
  for (const p of list(ctx, 'Pod')) {
    const ns = p.metadata.namespace ?? '';
    const inNs = podsByNamespace.get(ns);
    if (inNs) inNs.push(p);
    else podsByNamespace.set(ns, [p]);
  }
  for (const svc of services) reconcileService(ctx, svc, podsByNamespace.get(svc.metadata.namespace ?? '') ?? []);
  // Endpoints of Services that are gone (the slices go with their owner).
  for (const ep of list(ctx, 'Endpoints')) {
    if (!wanted.has(`${ep.metadata.namespace}/${ep.metadata.name}`) && !get(ctx, 'Service', ep.metadata.namespace, ep.metadata.name)) remove(ctx, ep);
  }
}
