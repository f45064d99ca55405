/*
 * Images running in a rollout's ReplicaSets and the roles they play, merged the way kubectl
 * argo rollouts merges them: one line per image, sorted, tags united.
 */
import type { ImageTag, ImageView, ReplicaSetView } from '../../model/types';
import { compareStrings } from './read';

/** An image and tags of any kind (ImageTag, or a renderer's own such as "Σ:template"). */
export interface TaggedImage<T extends string = string> {
  image: string;
  tags: T[];
}

/**
 * Adds `image` to `images`: a new image keeps its tag order; an image already present gets
 * the sorted union of both tag lists. The list stays sorted by image. @public
 */
export function mergeImageTags<T extends string>(images: TaggedImage<T>[], image: TaggedImage<T>): TaggedImage<T>[] {
  const out = images.map(i => ({ image: i.image, tags: [...i.tags] }));
  const found = out.find(i => i.image === image.image);
  if (!found) {
    out.push({ image: image.image, tags: [...image.tags] });
  } else {
    found.tags = Array.from(new Set([...image.tags, ...found.tags])).sort();
  }
  return out.sort((a, b) => compareStrings(a.image, b.image));
}

const TAG_ORDER: ImageTag[] = ['canary', 'stable', 'active', 'preview', 'ping', 'pong', 'primary'];

/** Images of the ReplicaSets that have pods, tagged canary/stable/active/preview/ping/pong. */
export function rolloutImages(replicaSets: ReplicaSetView[]): ImageView[] {
  let images: TaggedImage<ImageTag>[] = [];
  for (const rs of replicaSets) {
    if (rs.replicas <= 0) continue;
    const tags = TAG_ORDER.filter(t => rs.tags.includes(t));
    for (const image of rs.images) images = mergeImageTags(images, { image, tags });
  }
  return images;
}
