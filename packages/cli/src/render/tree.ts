/*
 * The tree under `get rollout` / `get experiment`: revisions, ReplicaSets, pods, experiments,
 * analysis runs and jobs, one tab-separated row each (NAME, KIND, STATUS, AGE, INFO).
 */
import type { AnalysisRunView, DeliveryView, ExperimentView, JobView, ReplicaSetView } from '@rollscope/rollouts-common';
import { formatAge, humanDuration } from '@rollscope/rollouts-common';
import { Colorizer, Icon, KindIcon, analysisIcon, podIcon, replicaSetIcon } from './icons';

export interface RenderOptions {
  noColor?: boolean;
  now?: Date;
}

export function prefixes(isLast: boolean, subPrefix: string): [string, string] {
  return isLast ? [`${subPrefix}└──`, `${subPrefix}   `] : [`${subPrefix}├──`, `${subPrefix}│  `];
}

/** Child rows under `subPrefix`, each drawn with its branch; the last one closes the branch. */
export function branches(subPrefix: string, children: ((prefix: string, subPrefix: string) => string)[]): string {
  return children.map((child, i) => child(...prefixes(i === children.length - 1, subPrefix))).join('');
}

export function row(prefix: string, icon: string, name: string, kind: string, statusIcon: string, status: string, age: string, info: string): string {
  return `${prefix}${icon} ${name}\t${kind}\t${statusIcon} ${status}\t${age}\t${info}\n`;
}

/** "3h59m", "passed", or '' when the deadline cannot be read. */
export function scaleDownDelay(deadline: string, now: Date): string {
  const t = Date.parse(deadline);
  if (Number.isNaN(t)) return '';
  if (t < now.getTime()) return 'passed';
  return humanDuration(t - now.getTime());
}

export class TreePrinter {
  readonly c: Colorizer;
  readonly now: Date;
  constructor(opts: RenderOptions) {
    this.c = new Colorizer(!!opts.noColor);
    this.now = opts.now ?? new Date();
  }

  age(t: string | undefined): string {
    return formatAge(t, this.now);
  }

  replicaSet(rs: ReplicaSetView, prefix: string, subpfx: string): string {
    const c = this.c;
    const info: string[] = [];
    let name = rs.name;
    const has = (t: string) => rs.tags.includes(t as never);
    if (has('stable')) {
      info.push(c.color('stable'));
      name = c.color(name, 'stable');
    }
    for (const tag of ['canary', 'active', 'preview']) {
      if (has(tag)) {
        info.push(c.color(tag));
        name = c.color(name, tag);
        break;
      }
    }
    for (const tag of ['ping', 'pong']) {
      if (has(tag)) {
        info.push(c.color(tag));
        name = c.color(name, tag);
      }
    }
    if (rs.scaleDownDeadline) info.push(`delay:${scaleDownDelay(rs.scaleDownDeadline, this.now)}`);
    const status = rs.status === 'Degraded' ? 'ReplicaFailure' : rs.status;
    let out = row(prefix, KindIcon.replicaSet, name, 'ReplicaSet', c.color(replicaSetIcon(status)), status, this.age(rs.createdAt), info.join(','));
    rs.pods.forEach((pod, i) => {
      const [podPrefix] = prefixes(i === rs.pods.length - 1, subpfx);
      const cols = [`ready:${pod.readyContainers}/${pod.totalContainers}`];
      if (pod.restarts > 0) cols.push(`restarts:${pod.restarts}`);
      out += row(podPrefix, KindIcon.pod, pod.name, 'Pod', c.color(podIcon(pod.status)), pod.status, this.age(pod.createdAt), cols.join(','));
    });
    return out;
  }

  analysisRun(ar: AnalysisRunView, prefix: string, subpfx: string): string {
    const c = this.c;
    const info: string[] = [];
    if (ar.successful > 0) info.push(`${c.color(Icon.ok)} ${ar.successful}`);
    if (ar.failed > 0) info.push(`${c.color(Icon.bad)} ${ar.failed}`);
    if (ar.inconclusive > 0) info.push(`${c.color(Icon.unknown)} ${ar.inconclusive}`);
    if (ar.error > 0) info.push(`${c.color(Icon.warning)} ${ar.error}`);
    let out = row(prefix, KindIcon.analysis, c.color(ar.name, ar.phase), 'AnalysisRun', c.color(analysisIcon(ar.phase)), ar.phase, this.age(ar.createdAt), info.join(','));
    ar.jobs.forEach((job, i) => {
      const [jobPrefix] = prefixes(i === ar.jobs.length - 1, subpfx);
      out += this.job(job, jobPrefix);
    });
    return out;
  }

  job(job: JobView, prefix: string): string {
    const c = this.c;
    return row(prefix, KindIcon.job, c.color(job.name, job.status), 'Job', c.color(analysisIcon(job.status)), job.status, this.age(job.createdAt), '');
  }

  experiment(exp: ExperimentView, prefix: string, subpfx: string): string {
    const c = this.c;
    let out = row(prefix, KindIcon.experiment, c.color(exp.name, exp.phase), 'Experiment', c.color(analysisIcon(exp.phase)), exp.phase, this.age(exp.createdAt), '');
    out += branches(subpfx, [
      ...exp.replicaSets.map(rs => (p: string, s: string) => this.replicaSet(rs, p, s)),
      ...exp.analysisRuns.map(ar => (p: string, s: string) => this.analysisRun(ar, p, s)),
    ]);
    return out;
  }
}

export const HEADER = 'NAME\tKIND\tSTATUS\tAGE\tINFO\n';

/** "%-17s%v\n" */
export function field(label: string, value: string | number): string {
  return `${label.padEnd(17, ' ')}${value}\n`;
}

/** The "Replicas:" block of `get`, one field per count. */
export function replicasBlock(r: DeliveryView['replicas']): string {
  return (
    `Replicas:\n${field('  Desired:', r.desired)}${field('  Current:', r.current)}` +
    `${field('  Updated:', r.updated)}${field('  Ready:', r.ready)}${field('  Available:', r.available)}`
  );
}
