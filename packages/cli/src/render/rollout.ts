/*
 * `rollscope get rollout`: the same text kubectl argo rollouts prints, from a DeliveryView.
 */
import type { DeliveryView, ExperimentView } from '@rollscope/rollouts-common';
import { formatStepProgress, mergeImageTags } from '@rollscope/rollouts-common';
import type { TaggedImage } from '@rollscope/rollouts-common';
import { tabwrite } from './tabwriter';
import { rolloutIcon, KindIcon } from './icons';
import { HEADER, RenderOptions, TreePrinter, branches, field, prefixes, replicasBlock, row } from './tree';

/** Images of an experiment's ReplicaSets that have pods, tagged "Σ:<template>". */
export function experimentImages(exp: ExperimentView): TaggedImage[] {
  let images: TaggedImage[] = [];
  for (const rs of exp.replicaSets) {
    if (rs.replicas <= 0) continue;
    for (const image of rs.images) {
      images = mergeImageTags(images, { image, tags: rs.template ? [`${KindIcon.experiment}:${rs.template}`] : [] });
    }
  }
  return images;
}

export function formatImage(image: TaggedImage, color: (s: string) => string): string {
  return image.tags.length ? `${image.image} (${image.tags.map(t => color(t)).join(', ')})` : image.image;
}

export function renderImages(images: TaggedImage[], color: (s: string) => string): string {
  let out = '';
  images.forEach((image, i) => {
    out += field(i === 0 ? 'Images:' : '', formatImage(image, color));
  });
  return out;
}

/** The text of `get rollout NAME`. */
export function renderRollout(view: DeliveryView, opts: RenderOptions = {}): string {
  const p = new TreePrinter(opts);
  const c = p.c;
  let out = '';
  out += field('Name:', view.name);
  out += field('Namespace:', view.namespace);
  out += field('Status:', `${c.color(rolloutIcon(view.phase))} ${view.phase}`);
  if (view.message) out += field('Message:', view.message);
  out += field('Strategy:', view.strategy);
  if (view.strategy === 'Canary') {
    out += field('  Step:', formatStepProgress(view));
    out += field('  SetWeight:', view.setWeight ?? '');
    out += field('  ActualWeight:', view.actualWeight ?? '');
  }
  let images: TaggedImage[] = view.images.map(i => ({ image: i.image, tags: [...i.tags] }));
  for (const exp of view.experiments) {
    for (const image of experimentImages(exp)) images = mergeImageTags(images, image);
  }
  out += renderImages(images, s => c.color(s));
  out += replicasBlock(view.replicas);
  out += '\n';
  out += tabwrite(renderRolloutTree(view, p));
  for (const w of view.warnings) out += `\nWarning: ${w}`;
  if (view.warnings.length) out += '\n';
  return out;
}

function renderRolloutTree(view: DeliveryView, p: TreePrinter): string {
  let t = HEADER;
  t += row('', KindIcon.rollout, view.name, 'Rollout', p.c.color(rolloutIcon(view.phase)), view.phase, p.age(view.createdAt), '');
  view.revisions.forEach((rev, i) => {
    const [prefix, subpfx] = prefixes(i === view.revisions.length - 1, '');
    t += `${prefix}${KindIcon.revision} revision:${rev.revision}\t\t \t\t\n`;
    t += branches(subpfx, [
      ...rev.replicaSets.map(rs => (cp: string, cs: string) => p.replicaSet(rs, cp, cs)),
      ...rev.experiments.map(exp => (cp: string, cs: string) => p.experiment(exp, cp, cs)),
      ...rev.analysisRuns.map(ar => (cp: string, cs: string) => p.analysisRun(ar, cp, cs)),
    ]);
  });
  return t;
}
