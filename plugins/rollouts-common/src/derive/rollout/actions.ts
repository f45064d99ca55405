/*
 * What a person can do to a rollout right now, and exactly what each button would do.
 */
import type { ActionView, DeliveryAction, DeliveryView } from '../../model/types';
import { actionPermissionKind } from '../../permissions';
import { actionLabels } from '../../actions/labels';

const DANGEROUS = new Set<DeliveryAction>(['promote-full', 'abort', 'rollback', 'restart', 'skip-step']);

type ActionInput = Pick<
  DeliveryView,
  | 'name'
  | 'strategy'
  | 'steps'
  | 'currentStepIndex'
  | 'revision'
  | 'stableRevision'
  | 'aborted'
  | 'pause'
  | 'revisions'
  | 'managedBy'
  | 'phase'
  | 'blueGreen'
> & {
  specPaused: boolean;
  fullyPromoted: boolean;
  invalid: boolean;
  /** The pod template's containers; undefined when the template lives elsewhere (workloadRef). */
  containers?: { name: string; image: string }[];
  /** Where the pod template lives when not in the rollout ("Deployment web"). */
  workloadRef?: string;
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Builds one ActionView per DeliveryAction for a rollout view. */
export function rolloutActionViews(v: ActionInput): ActionView[] {
  const rev = v.revision !== undefined ? `revision ${v.revision}` : 'the new revision';
  const canary = v.strategy !== 'BlueGreen';
  const idx = v.currentStepIndex ?? 0;
  const remaining = canary ? Math.max(0, v.steps.length - idx) : 0;
  const step = canary ? v.steps[idx] : undefined;
  const next = canary ? v.steps[idx + 1] : undefined;
  const inProgress = !v.fullyPromoted;
  const out: ActionView[] = [];
  const add = (action: DeliveryAction, enabled: boolean, confirmation: string, disabledReason?: string, extra?: Partial<ActionView>) =>
    out.push({
      action,
      label: actionLabels[action],
      enabled,
      disabledReason: enabled ? undefined : disabledReason,
      confirmation,
      permission: actionPermissionKind[action],
      dangerous: DANGEROUS.has(action),
      ...extra,
    });
  const blocked = v.invalid ? 'The rollout spec is invalid; fix the spec first' : undefined;

  // promote
  {
    let confirmation: string;
    let reason: string | undefined = blocked;
    if (v.aborted) reason = 'The rollout was aborted; retry it first';
    else if (!inProgress && !v.pause && !v.specPaused) reason = `Revision ${v.revision ?? ''} is already fully promoted`.replace('  ', ' ');
    else if (!canary && !v.pause && !v.specPaused) {
      const bg = v.blueGreen;
      if (bg?.autoPromotionEnabled === false) {
        // Auto-promotion is off: a person must promote. Argo Rollouts' promote ends the pause
        // it sets once the preview is ready, so until then there is nothing to end.
        if (bg.currentPhase !== 'previewReady') reason = 'The preview is not ready yet; promote it once it is (auto-promotion is off)';
      } else {
        reason = 'The preview is not waiting for promotion; it promotes itself when ready';
      }
    }
    else if (canary && !step && !v.pause && !v.specPaused) reason = 'All steps are done';
    if (!canary) {
      confirmation = `Switch ${v.blueGreen?.activeService || 'the active service'} to ${rev} and end the pause`;
    } else if (v.pause) {
      confirmation = next
        ? `End the pause at step ${idx + 1} and continue with step ${idx + 2} (${next.text})`
        : `End the pause at step ${idx + 1} and finish the rollout of ${rev}`;
    } else if (step) {
      confirmation = `Skip step ${idx + 1} (${step.text}) and go on to ${next ? `step ${idx + 2} (${next.text})` : 'full promotion'}`;
    } else {
      confirmation = `Continue the rollout of ${rev}`;
    }
    add('promote', !reason, confirmation, reason);
  }
  // promote-full
  {
    let reason: string | undefined = blocked;
    if (v.aborted) reason = 'The rollout was aborted; retry it first';
    else if (!inProgress) reason = `Revision ${v.revision ?? ''} is already fully promoted`.replace('  ', ' ');
    let confirmation = `Switch ${v.blueGreen?.activeService || 'the active service'} to ${rev} now, skipping analysis and pauses`;
    if (canary) {
      confirmation = remaining > 0
        ? `Send 100% of traffic to ${rev} and skip the ${plural(remaining, 'remaining step')}`
        : `Send 100% of traffic to ${rev}`;
    }
    add('promote-full', !reason, confirmation, reason);
  }
  // skip-step
  {
    let reason: string | undefined = blocked;
    if (!canary) reason = 'Blue/green rollouts have no steps';
    else if (v.aborted) reason = 'The rollout was aborted; retry it first';
    else if (!step) reason = 'There is no step left to skip';
    add('skip-step', !reason, step ? `Skip step ${idx + 1} (${step.text}) and go on to ${next ? `step ${idx + 2}` : 'full promotion'}` : 'Skip the current step', reason);
  }
  // abort
  {
    let reason: string | undefined;
    if (v.aborted) reason = 'The rollout is already aborted';
    else if (!inProgress) reason = 'Nothing to abort: the stable revision is the current one';
    const stable = v.stableRevision !== undefined ? `revision ${v.stableRevision}` : 'the stable revision';
    add('abort', !reason, `Stop the update and send all traffic back to ${stable}; ${rev} is scaled down`, reason);
  }
  // retry
  add(
    'retry',
    v.aborted && !blocked,
    `Start the update to ${rev} again from the first step`,
    blocked ?? 'Only an aborted rollout can be retried',
  );
  // pause / resume
  // Already waiting for a person (a manual step pause, a blue/green preview without
  // auto-promotion, an inconclusive analysis): pausing again would change nothing a person sees.
  // A timed pause can still be held.
  let pauseReason: string | undefined;
  if (v.specPaused) pauseReason = 'The rollout is already paused by hand';
  else if (v.pause?.manual) pauseReason = `The rollout is already paused (${v.pause.reason}) and waits for a person; promote or abort it instead`;
  add('pause', !pauseReason, `Pause ${v.name} where it is; nothing moves until it is resumed`, pauseReason);
  add('resume', v.specPaused, `Resume ${v.name} (clear spec.paused)`, 'The rollout is not paused by hand');
  // rollback
  {
    const targets = v.revisions
      .filter(r => r.revision !== v.revision && r.revision > 0 && r.replicaSets.some(rs => !rs.template))
      .map(r => {
        const rs = r.replicaSets.find(x => !x.template)!;
        return { revision: r.revision, images: rs.images, createdAt: rs.createdAt };
      });
    const to = targets[0];
    let confirmation = to
      ? `Roll back to revision ${to.revision} (${to.images.join(', ') || 'no images'}) by putting its pod template back into the rollout spec`
      : 'Roll back to an earlier revision';
    if (v.managedBy?.argocdApplication) {
      confirmation += `. Argo CD application ${v.managedBy.argocdApplication} manages this rollout and will revert the change on its next sync; use the Argo CD application rollback instead`;
    }
    add('rollback', targets.length > 0 && !blocked, confirmation, blocked ?? 'There is no earlier revision to go back to', { targets });
  }
  // restart
  add('restart', !blocked, `Restart the pods of ${v.name} one by one (sets spec.restartAt to now)`, blocked);
  // set image (kubectl argo rollouts set image): for teams that deploy without GitOps
  {
    let reason: string | undefined = blocked;
    if (v.managedBy?.argocdApplication) {
      reason = `Argo CD application ${v.managedBy.argocdApplication} manages this rollout: change the image in Git, a change made here would be reverted on the next sync`;
    } else if (v.workloadRef) reason = `The pod template lives in ${v.workloadRef}; change the image there`;
    else if (!v.containers?.length) reason = 'The rollout has no containers to change';
    add('set-image', !reason, `Start a new revision of ${v.name} with the new image; it goes through every step`, reason, {
      containers: v.containers,
    });
  }
  return out;
}
