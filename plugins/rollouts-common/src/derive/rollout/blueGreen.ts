/*
 * Blue/green: services, selectors and where the rollout stands in the promotion sequence
 * applied → previewReady → prePromotionAnalysis → promoteSwitch → postPromotionAnalysis →
 * completed → scaledDown.
 */
import type { BlueGreenPhase, BlueGreenView, ReplicaSetView, StepState } from '../../model/types';
import { formatSeconds } from '../../format/duration';
import { arr, at, num, obj, positionState, str } from './read';

const DONE = new Set(['Successful']);
const FAILED = new Set(['Failed', 'Error', 'Inconclusive']);

export function blueGreenView(rollout: unknown, replicaSets: ReplicaSetView[]): BlueGreenView | undefined {
  const bg = obj(at(rollout, 'spec', 'strategy', 'blueGreen'));
  if (!bg) return undefined;
  const status = obj(at(rollout, 'status')) ?? {};
  const active = str(at(status, 'blueGreen', 'activeSelector'));
  const preview = str(at(status, 'blueGreen', 'previewSelector'));
  const current = str(status.currentPodHash);
  const stable = str(status.stableRS);
  const autoPromotionEnabled = bg.autoPromotionEnabled !== false;
  const autoPromotionSeconds = num(bg.autoPromotionSeconds);
  const scaleDownDelaySeconds = num(bg.scaleDownDelaySeconds) ?? 30;
  const hasPre = !!obj(bg.prePromotionAnalysis);
  const hasPost = !!obj(bg.postPromotionAnalysis);
  const prePhase = str(at(status, 'blueGreen', 'prePromotionAnalysisRunStatus', 'status'));
  const postPhase = str(at(status, 'blueGreen', 'postPromotionAnalysisRunStatus', 'status'));
  const newRs = replicaSets.find(rs => rs.podTemplateHash !== undefined && rs.podTemplateHash === current);
  const previewCount = num(bg.previewReplicaCount);
  const wanted = previewCount ?? num(at(rollout, 'spec', 'replicas')) ?? 1;
  const newReady = !!newRs && newRs.availableReplicas >= wanted;
  const paused = arr(status.pauseConditions).some(c => str(at(c, 'reason')) === 'BlueGreenPause');
  const oldWithPods = replicaSets.some(rs => rs.podTemplateHash !== current && rs.replicas > 0);

  let currentPhase: BlueGreenPhase;
  let failed = false;
  if (current && active === current) {
    if (stable !== current) {
      currentPhase = hasPost ? 'postPromotionAnalysis' : 'promoteSwitch';
      failed = hasPost && !!postPhase && FAILED.has(postPhase);
    } else {
      currentPhase = oldWithPods ? 'completed' : 'scaledDown';
    }
  } else if (!newReady) {
    currentPhase = 'applied';
  } else if (hasPre && !(prePhase && DONE.has(prePhase))) {
    currentPhase = 'prePromotionAnalysis';
    failed = !!prePhase && FAILED.has(prePhase);
  } else if (paused || !autoPromotionEnabled) {
    currentPhase = 'previewReady';
  } else {
    currentPhase = 'promoteSwitch';
  }

  const order: { phase: BlueGreenPhase; text: string }[] = [
    { phase: 'applied', text: 'New revision deployed' },
    {
      phase: 'previewReady',
      text: bg.previewService ? `Preview ready behind ${str(bg.previewService)}` : 'New revision ready',
    },
  ];
  if (hasPre) order.push({ phase: 'prePromotionAnalysis', text: 'Pre-promotion analysis' });
  order.push({
    phase: 'promoteSwitch',
    text: `Switch ${str(bg.activeService) ?? 'the active service'} to the new revision`,
  });
  if (hasPost) order.push({ phase: 'postPromotionAnalysis', text: 'Post-promotion analysis' });
  order.push({ phase: 'completed', text: 'Promotion complete' });
  order.push({ phase: 'scaledDown', text: `Old revision scaled down after ${formatSeconds(scaleDownDelaySeconds)}` });

  const idx = order.findIndex(o => o.phase === currentPhase);
  const finished = currentPhase === 'scaledDown';
  const phases = order.map((o, i) => {
    let state: StepState = positionState(i, idx);
    if (i === idx && failed) state = 'failed';
    if (finished) state = 'done';
    return { ...o, state };
  });
  return {
    activeService: str(bg.activeService) ?? '',
    previewService: str(bg.previewService),
    activeSelector: active,
    previewSelector: preview,
    autoPromotionEnabled,
    autoPromotionSeconds,
    scaleDownDelaySeconds,
    previewReplicaCount: previewCount,
    phases,
    currentPhase,
  };
}
