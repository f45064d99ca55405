/*
 * Pods as kubectl shows them: the STATUS column (Running, ImagePullBackOff, Init:0/1,
 * Terminating, ...), ready containers and restarts.
 */
import type { PodView } from '../../model/types';
import { arr, at, bool, compareStrings, compareTimes, meta, num, obj, str } from './read';

/** The kubectl STATUS text of a pod, following kubectl's printer rules. */
export function podStatusText(pod: unknown): { status: string; ready: number; total: number; restarts: number } {
  const spec = obj(at(pod, 'spec')) ?? {};
  const status = obj(at(pod, 'status')) ?? {};
  const initSpecs = arr(spec.initContainers);
  const sidecars = new Set<string>();
  for (const c of initSpecs) {
    if (str(at(c, 'restartPolicy')) === 'Always') sidecars.add(str(at(c, 'name')) ?? '');
  }
  const total = arr(spec.containers).length;
  let ready = 0;
  let restarts = 0;
  let reason = str(status.phase) ?? '';
  if (str(status.reason)) reason = str(status.reason)!;

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += num(at(c, 'restartCount')) ?? 0;
    const terminated = obj(at(c, 'state', 'terminated'));
    const waiting = obj(at(c, 'state', 'waiting'));
    if (terminated && (num(terminated.exitCode) ?? 0) === 0) continue;
    if (terminated) {
      const r = str(terminated.reason);
      if (!r) {
        const signal = num(terminated.signal) ?? 0;
        reason = signal ? `Init:Signal:${signal}` : `Init:ExitCode:${num(terminated.exitCode) ?? 0}`;
      } else {
        reason = `Init:${r}`;
      }
      initializing = true;
    } else if (sidecars.has(str(at(c, 'name')) ?? '') && bool(at(c, 'started'))) {
      if (bool(at(c, 'ready'))) continue;
    } else if (waiting && str(waiting.reason) && str(waiting.reason) !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
      initializing = true;
    }
    break;
  }

  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += num(at(c, 'restartCount')) ?? 0;
      const waiting = obj(at(c, 'state', 'waiting'));
      const terminated = obj(at(c, 'state', 'terminated'));
      const running = obj(at(c, 'state', 'running'));
      if (waiting && str(waiting.reason)) {
        reason = str(waiting.reason)!;
      } else if (terminated && str(terminated.reason)) {
        reason = str(terminated.reason)!;
      } else if (terminated) {
        const signal = num(terminated.signal) ?? 0;
        reason = signal ? `Signal:${signal}` : `ExitCode:${num(terminated.exitCode) ?? 0}`;
      } else if (bool(at(c, 'ready')) && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }

  if (meta(pod).deletionTimestamp) {
    reason = str(status.reason) === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  return { status: reason, ready, total, restarts };
}

/** Health family of a kubectl pod status. */
export function podHealth(status: string): PodView['health'] {
  if (status.startsWith('Init:')) return 'progressing';
  if (status.startsWith('Signal:') || status.startsWith('ExitCode:')) return 'degraded';
  if (status.endsWith('Error') || status.startsWith('Err')) return 'degraded';
  switch (status) {
    case 'Pending':
    case 'ContainerCreating':
      return 'progressing';
    case 'Terminating':
      return 'terminated';
    case 'Running':
    case 'Completed':
    case 'Succeeded':
      return 'healthy';
    case 'Failed':
    case 'InvalidImageName':
    case 'CrashLoopBackOff':
    case 'ImagePullBackOff':
    case 'RegistryUnavailable':
      return 'degraded';
    default:
      return 'unknown';
  }
}

export function podView(pod: unknown): PodView {
  const m = meta(pod);
  const s = podStatusText(pod);
  return {
    name: m.name,
    uid: m.uid,
    status: s.status,
    health: podHealth(s.status),
    readyContainers: s.ready,
    totalContainers: s.total,
    restarts: s.restarts,
    createdAt: m.creationTimestamp,
    nodeName: str(at(pod, 'spec', 'nodeName')),
  };
}

/** Pods owned by the ReplicaSet with `uid`, oldest first, then by name. */
export function podsOwnedBy(uid: string, pods: unknown[]): PodView[] {
  return pods
    .filter(p => !!uid && meta(p).ownerUids.includes(uid))
    .map(podView)
    .sort((a, b) => compareTimes(a.createdAt, b.createdAt) || compareStrings(a.name, b.name));
}
