import { load } from 'js-yaml';
import { createRandom } from '../../random';
import type { KubeObject } from '../../store/types';
import { startControllers } from '../index';
import { ManualClock } from './manualClock';
import { MemoryStore } from '../../store/MemoryStore';

/** A store + manual clock + running controllers, for tests. */
export function harness(seed = 42) {
  const clock = new ManualClock();
  const store = new MemoryStore({ clock, namespaces: ['default', 'shop'] });
  const controllers = startControllers(store, { clock, random: createRandom(seed) });
  const typeOf = (o: { apiVersion: string; kind: string }) => {
    const t = store.typeFor(o.apiVersion, o.kind);
    if (!t) throw new Error(`no type ${o.apiVersion} ${o.kind}`);
    return t;
  };
  const h = {
    clock,
    store,
    apply(yaml: string) {
      for (const doc of yaml.split(/^---$/m)) {
        const o = load(doc) as KubeObject | undefined;
        if (o && o.kind) store.create(o);
      }
    },
    get(apiVersion: string, kind: string, ns: string | undefined, name: string) {
      return store.get(typeOf({ apiVersion, kind }), ns, name);
    },
    rollout(name: string, ns = 'default') {
      return h.get('argoproj.io/v1alpha1', 'Rollout', ns, name)!;
    },
    list(apiVersion: string, kind: string, ns?: string) {
      return store.list(typeOf({ apiVersion, kind }), ns);
    },
    /** edits an object (spec / metadata), like kubectl apply / patch */
    edit(apiVersion: string, kind: string, ns: string | undefined, name: string, fn: (o: KubeObject) => void) {
      store.mutate(typeOf({ apiVersion, kind }), ns, name, fn);
    },
    /** patches status, like kubectl argo rollouts promote / abort / retry */
    editStatus(apiVersion: string, kind: string, ns: string | undefined, name: string, fn: (o: KubeObject) => void) {
      store.mutate(typeOf({ apiVersion, kind }), ns, name, fn, { status: true });
    },
    /** advances clock time in steps of 250 ms */
    advance(seconds: number) {
      for (let t = 0; t < seconds * 1000; t += 250) clock.advance(250);
    },
    /** advances until fn() is true (or fails after maxSeconds) */
    until(fn: () => boolean, maxSeconds = 300) {
      for (let t = 0; t < maxSeconds * 1000; t += 250) {
        if (fn()) return t / 1000;
        clock.advance(250);
      }
      if (fn()) return maxSeconds;
      throw new Error(`condition not reached in ${maxSeconds}s`);
    },
    stop() {
      controllers.stop();
    },
  };
  return h;
}
