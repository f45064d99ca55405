import type { KubeObject } from '../store/types';
import { CanaryFlavor, reconcileCanaries } from './canaryEngine';
import { Ctx, apiVersionOf, arr, create, images, isoNow, list, obj, patch, typeOf } from './runtime';

export const MSNAME = 'asm.cpaas.io/msname';

/** CanaryEvents of a CanaryDelivery, newest first. */
export function eventsOf(ctx: Ctx, cd: KubeObject) {
  return list(ctx, 'CanaryEvent', cd.metadata.namespace)
    .filter(e => obj(e.metadata.labels)[MSNAME] === cd.metadata.name)
    .sort((a, b) => Number(obj(b.spec).revision ?? 0) - Number(obj(a.spec).revision ?? 0));
}

const flavor: CanaryFlavor = {
  kind: 'CanaryDelivery',
  onRelease(ctx, cd, target, previousTemplate) {
    const t = typeOf(ctx, 'CanaryEvent');
    if (!t) return;
    const events = eventsOf(ctx, cd);
    const revision = Number(obj(events[0]?.spec).revision ?? 0) + 1;
    for (const e of events) {
      if (obj(e.status).phase === 'Progressing') {
        patch(ctx, e, o => {
          o.status = { ...obj(o.status), phase: 'Superseded', message: `Superseded by revision ${revision}`, completionTime: isoNow(ctx) };
        }, { status: true });
      }
    }
    const ev = create(ctx, {
      apiVersion: apiVersionOf(t),
      kind: 'CanaryEvent',
      metadata: {
        name: `${cd.metadata.name}-${revision}`,
        namespace: cd.metadata.namespace,
        labels: { [MSNAME]: cd.metadata.name },
        ownerReferences: [{ apiVersion: cd.apiVersion, kind: cd.kind, name: cd.metadata.name, uid: cd.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        canaryDelivery: cd.metadata.name,
        targetRef: obj(cd.spec).targetRef,
        revision,
        images: images(obj(target.spec).template),
        previousImages: images(previousTemplate),
        previousTemplate,
      },
    });
    if (ev) {
      patch(ctx, ev, o => {
        o.status = { phase: 'Progressing', message: 'New revision detected, progressing canary analysis.', startTime: isoNow(ctx) };
      }, { status: true });
    }
  },
  onFinish(ctx, cd, phase, message) {
    const ev = eventsOf(ctx, cd)[0];
    if (!ev || obj(ev.status).phase !== 'Progressing') return;
    patch(ctx, ev, o => {
      o.status = { ...obj(o.status), phase, message, completionTime: isoNow(ctx) };
    }, { status: true });
  },
  rollbackRequest(ctx, cd) {
    const ev = eventsOf(ctx, cd)[0];
    if (!ev || obj(ev.metadata.labels).action !== 'rollback') return undefined;
    if (obj(ev.status).phase === 'RolledBack') return undefined;
    const template = obj(ev.spec).previousTemplate;
    if (!template || !arr(obj(obj(template).spec).containers).length) {
      patch(ctx, ev, o => {
        o.status = { ...obj(o.status), phase: 'RollbackFailed', message: 'No previous release recorded on this event' };
      }, { status: true });
      return undefined;
    }
    return {
      template,
      done(message: string) {
        patch(ctx, ev, o => {
          o.status = { ...obj(o.status), phase: 'RolledBack', message, completionTime: isoNow(ctx) };
        }, { status: true });
      },
    };
  },
};

/** Alauda ASM CanaryDelivery (asm.alauda.io/v1alpha1) controller, with a CanaryEvent per release. */
export function reconcileCanaryDeliveries(ctx: Ctx) {
  reconcileCanaries(ctx, flavor);
}
