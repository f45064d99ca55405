/*
 * --files DIR as a Source: every read parses the folder again; watch uses fs.watch.
 */
import fs from 'node:fs';
import { loadDir } from './files';
import { ObjectSet, emptyObjectSet, inNamespace } from './objects';
import type { Kinds, Source } from './source';

function only(set: ObjectSet, kinds: Kinds): ObjectSet {
  const out = emptyObjectSet();
  for (const k of kinds) out[k] = set[k];
  return out;
}

export class FilesSource implements Source {
  constructor(private readonly dir: string, private readonly namespace?: string) {}

  /** A folder has no current namespace: without -n every namespace in it is read. */
  defaultNamespace(): string | undefined {
    return this.namespace;
  }

  problems: string[] = [];

  async load(kinds: Kinds, namespace?: string): Promise<ObjectSet> {
    const { objects, problems } = loadDir(this.dir);
    this.problems = problems;
    return only(inNamespace(objects, namespace), kinds);
  }

  async watch(kinds: Kinds, namespace: string | undefined, onChange: (set: ObjectSet) => void, onProblem: (m: string) => void): Promise<() => void> {
    const emit = async () => {
      try {
        onChange(await this.load(kinds, namespace));
        for (const p of this.problems) onProblem(p);
      } catch (e) {
        onProblem(String(e instanceof Error ? e.message : e));
      }
    };
    await emit();
    const watcher = fs.watch(this.dir, { recursive: true }, () => void emit());
    return () => watcher.close();
  }
}
