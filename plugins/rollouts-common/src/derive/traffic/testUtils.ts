/* Test helper: loads a fixture scenario (every YAML document of every file in a folder). */
import fs from 'fs';
import path from 'path';
import yaml from 'js-yaml';

export function loadScenario(name: string): Record<string, unknown>[] {
  const dir = path.resolve(__dirname, '../../__fixtures__', name);
  const docs: Record<string, unknown>[] = [];
  for (const file of fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      if (doc && typeof doc === 'object') docs.push(doc as Record<string, unknown>);
    }
  }
  return docs;
}

export function ofKind(docs: Record<string, unknown>[], kind: string): Record<string, unknown>[] {
  return docs.filter(d => d.kind === kind);
}
