/*
 * `rollscope get experiment`: kubectl argo rollouts' experiment view.
 */
import type { ExperimentView } from '@rollscope/rollouts-common';
import { tabwrite } from './tabwriter';
import { analysisIcon } from './icons';
import { experimentImages, renderImages } from './rollout';
import { HEADER, RenderOptions, TreePrinter, field } from './tree';

export function renderExperiment(exp: ExperimentView, namespace: string, opts: RenderOptions = {}): string {
  const p = new TreePrinter(opts);
  const c = p.c;
  let out = '';
  out += field('Name:', exp.name);
  out += field('Namespace:', namespace);
  out += field('Status:', `${c.color(analysisIcon(exp.phase))} ${exp.phase}`);
  if (exp.message) out += field('Message:', exp.message);
  out += renderImages(experimentImages(exp), s => c.color(s));
  out += '\n';
  out += tabwrite(HEADER + p.experiment(exp, '', ''));
  return out;
}
