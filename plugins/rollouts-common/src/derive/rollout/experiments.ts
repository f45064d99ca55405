/*
 * Experiments a rollout started, with their ReplicaSets, AnalysisRuns and time left.
 */
import type { ExperimentView } from '../../model/types';
import { parseDurationSeconds } from '../../format/duration';
import { analysisRunsOwnedBy } from './analysis';
import { replicaSetsOwnedBy } from './replicaSets';
import { at, compareTimes, meta, revisionOf, str, timeMs } from './read';

const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

export interface ExperimentInputs {
  replicaSets?: unknown[];
  analysisRuns?: unknown[];
  pods?: unknown[];
  jobs?: unknown[];
  now?: Date;
}

/** One experiment and what it owns. */
export function experimentView(exp: unknown, inputs: ExperimentInputs): ExperimentView {
  const m = meta(exp);
  const phase = str(at(exp, 'status', 'phase')) ?? '';
  const durationSeconds = parseDurationSeconds(at(exp, 'spec', 'duration'));
  let remainingSeconds: number | undefined;
  const availableAt = timeMs(str(at(exp, 'status', 'availableAt')));
  if (durationSeconds !== undefined && !COMPLETED.has(phase) && availableAt !== undefined) {
    const now = (inputs.now ?? new Date()).getTime();
    const left = durationSeconds - (now - availableAt) / 1000;
    if (left > 0) remainingSeconds = left;
  }
  const replicaSets = replicaSetsOwnedBy(m.uid, inputs.replicaSets ?? [], inputs.pods ?? []);
  const images: string[] = [];
  for (const rs of replicaSets) {
    for (const image of rs.images) if (!images.includes(image)) images.push(image);
  }
  return {
    name: m.name,
    uid: m.uid,
    phase,
    message: str(at(exp, 'status', 'message')),
    revision: revisionOf(exp),
    createdAt: m.creationTimestamp,
    durationSeconds,
    remainingSeconds,
    images,
    replicaSets,
    analysisRuns: analysisRunsOwnedBy(m.uid, inputs.analysisRuns ?? [], inputs.jobs ?? []),
  };
}

/** Experiments owned by the rollout with `ownerUid`: newest revision first, then oldest first. */
export function experimentsOwnedBy(ownerUid: string, experiments: unknown[], inputs: ExperimentInputs): ExperimentView[] {
  return experiments
    .filter(e => !!ownerUid && meta(e).ownerUids.includes(ownerUid))
    .map(e => experimentView(e, inputs))
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0) || compareTimes(a.createdAt, b.createdAt));
}
