/*
 * Test helpers: the shared upstream fixtures, prepared as upstream's tests prepare them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDir } from '../sources/files';
import type { ObjectSet } from '../sources/objects';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const shared = path.resolve(repoRoot, '../shared/fixtures/argo-rollouts');
export const testdata = path.join(shared, 'pkg/kubectl-argo-rollouts/info/testdata');

export const golden = (name: string) => fs.readFileSync(path.join(shared, 'golden', name), 'utf8');

/** RFC 3339 with second precision, as Kubernetes writes times. */
export const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** As upstream's testdata loader: every creationTimestamp = now-7d; the first metric's measurement times too. */
export function prepare(o: any, now: Date): any {
  const t = rfc3339(new Date(now.getTime() - 7 * 24 * 3600 * 1000));
  const copy = JSON.parse(JSON.stringify(o));
  if (copy?.metadata) copy.metadata.creationTimestamp = t;
  if (copy?.kind === 'AnalysisRun') {
    for (const m of copy.status?.metricResults?.[0]?.measurements ?? []) {
      m.startedAt = t;
      m.finishedAt = t;
    }
  }
  return copy;
}

export function loadPrepared(dir: string, now: Date): ObjectSet {
  return loadDir(path.join(testdata, dir), o => prepare(o, now)).objects;
}

export function stripTrailing(s: string): string {
  return s
    .split('\n')
    .map(l => l.replace(/ +$/, ''))
    .join('\n');
}
