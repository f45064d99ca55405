/*
 * Drops the parts of watched objects nobody reads, so the cache stays small: managed fields, the
 * last-applied annotation, and most of pod specs (only images, names and the node are shown).
 */

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function trimContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map(c =>
    isObject(c) ? { name: c.name, image: c.image } : c,
  );
}

function trimPodSpec(spec: unknown): unknown {
  if (!isObject(spec)) return spec;
  const out: Record<string, unknown> = {};
  if (spec.containers !== undefined) out.containers = trimContainers(spec.containers);
  if (spec.initContainers !== undefined) out.initContainers = trimContainers(spec.initContainers);
  if (spec.nodeName !== undefined) out.nodeName = spec.nodeName;
  return out;
}

function trimContainerStatuses(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map(s =>
    isObject(s)
      ? {
          name: s.name,
          ready: s.ready,
          restartCount: s.restartCount,
          state: s.state,
          lastState: s.lastState ? { terminated: s.lastState.terminated ? { reason: s.lastState.terminated.reason } : undefined } : undefined,
          image: s.image,
          started: s.started,
        }
      : s,
  );
}

/** Returns a trimmed copy (top-level objects are copied; the input is not changed). */
export function trimObject(plural: string, obj: unknown): any {
  if (!isObject(obj)) return obj;
  const out: Record<string, any> = { ...obj };
  if (isObject(obj.metadata)) {
    const md: Record<string, any> = { ...obj.metadata };
    delete md.managedFields;
    if (isObject(md.annotations) && LAST_APPLIED in md.annotations) {
      md.annotations = { ...md.annotations };
      delete md.annotations[LAST_APPLIED];
    }
    out.metadata = md;
  }
  if (plural === 'pods') {
    out.spec = trimPodSpec(obj.spec);
    if (isObject(obj.status)) {
      const st = obj.status;
      out.status = {
        phase: st.phase,
        reason: st.reason,
        message: st.message,
        conditions: st.conditions,
        startTime: st.startTime,
        containerStatuses: trimContainerStatuses(st.containerStatuses),
        initContainerStatuses: trimContainerStatuses(st.initContainerStatuses),
      };
    }
  } else if (plural === 'replicasets' || plural === 'deployments' || plural === 'rollouts') {
    if (isObject(obj.spec) && isObject(obj.spec.template)) {
      out.spec = {
        ...obj.spec,
        template: { ...obj.spec.template, spec: trimPodSpec(obj.spec.template.spec) },
      };
    }
  }
  return out;
}
