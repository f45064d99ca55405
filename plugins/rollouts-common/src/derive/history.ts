/*
 * The part of a delivery's history the cluster itself keeps: when each revision's ReplicaSet was
 * created, each AnalysisRun and how it ended, each CanaryEvent release. The backend merges these
 * with what it recorded while watching, so a delivery first seen at revision 9 still shows
 * revisions 1–8 and their analyses.
 */
import type { HistoryEntry } from '../api/types';
import type { DeliveryView } from '../model/types';

const FINISHED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

function latest(times: (string | undefined)[]): string | undefined {
  return times.filter((t): t is string => !!t && !Number.isNaN(Date.parse(t))).sort().pop();
}

function valid(at: string | undefined): at is string {
  return !!at && !Number.isNaN(Date.parse(at));
}

/** History entries read from the cluster objects behind a view, oldest first. @public */
export function clusterHistory(view: DeliveryView): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const key = view.key;
  const add = (e: Omit<HistoryEntry, 'deliveryKey'>) => out.push({ ...e, deliveryKey: key });
  for (const rev of Array.isArray(view.revisions) ? view.revisions : []) {
    // The rollout's own ReplicaSet of the revision (experiment ReplicaSets carry a template name).
    const rs = rev.replicaSets.find(r => !r.template);
    if (rs && valid(rs.createdAt) && rev.revision > 0) {
      const images = rs.images.length ? ` (${rs.images.join(', ')})` : '';
      add({ id: `cluster:rs:${rs.uid}`, at: rs.createdAt, type: 'revision', message: `Revision ${rev.revision} created${images}`, to: String(rev.revision), revision: rev.revision });
    }
  }
  for (const run of Array.isArray(view.analysisRuns) ? view.analysisRuns : []) {
    // Flagger's checks are a running tally, not a run the cluster keeps.
    if (!run.uid || run.uid.endsWith('/analysis')) continue;
    const origin = run.origin ? ` (${run.origin})` : '';
    const rev = run.revision ? ` of revision ${run.revision}` : '';
    if (valid(run.createdAt)) {
      add({ id: `cluster:ar:${run.uid}:start`, at: run.createdAt, type: 'analysis', message: `Analysis ${run.name}${origin}${rev} started`, revision: run.revision || undefined, stepIndex: run.stepIndex });
    }
    if (FINISHED.has(run.phase)) {
      const ended = latest(run.metrics.flatMap(m => m.measurements.map(x => x.finishedAt)));
      if (ended) {
        add({ id: `cluster:ar:${run.uid}:end`, at: ended, type: 'analysis', message: `Analysis ${run.name}${origin}${rev}: ${run.phase}`, to: run.phase, revision: run.revision || undefined, stepIndex: run.stepIndex });
      }
    }
  }
  for (const release of Array.isArray(view.releases) ? view.releases : []) {
    if (!valid(release.createdAt)) continue;
    const spec = (release.raw?.spec ?? {}) as Record<string, unknown>;
    const revision = typeof spec.revision === 'number' ? spec.revision : undefined;
    const images = release.images.length ? ` (${release.images.join(', ')})` : '';
    const phase = release.phase ? `: ${release.phase}` : '';
    const rollback = release.action === 'rollback' ? ', rollback requested' : '';
    add({
      id: `cluster:release:${release.uid ?? release.name}`,
      at: release.createdAt,
      type: 'release',
      message: `Release ${revision !== undefined ? `${revision} ` : ''}${release.name}${images}${phase}${rollback}`,
      ...(revision !== undefined ? { revision } : {}),
    });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/**
 * Recorded entries and cluster entries as one timeline, oldest first. A recorded revision change
 * and the cluster's record of that revision's creation say the same thing; the cluster's is kept
 * (its time is when it happened, not when the backend noticed). @public
 */
export function mergeHistory(recorded: HistoryEntry[], fromCluster: HistoryEntry[]): HistoryEntry[] {
  const clusterRevisions = new Set(fromCluster.filter(e => e.type === 'revision').map(e => e.revision));
  const kept = recorded.filter(e => !(e.type === 'revision' && clusterRevisions.has(e.revision)));
  return [...kept, ...fromCluster].sort((a, b) => a.at.localeCompare(b.at));
}
