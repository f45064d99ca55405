/*
 * --files DIR: reads every .yaml/.yml/.json file of a folder (recursively, in name order) as
 * Kubernetes objects. Unreadable files are reported, not fatal.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { compareStrings } from '@rollscope/rollouts-common';
import { ObjectSet, addObject, emptyObjectSet } from './objects';

export interface FileLoad {
  objects: ObjectSet;
  problems: string[];
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** Parses one file's text: YAML (several documents allowed) or JSON. */
export function parseObjects(text: string): unknown[] {
  return yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA }).filter(d => d !== null && d !== undefined);
}

export function loadDir(dir: string, transform?: (o: unknown, file: string) => unknown): FileLoad {
  const objects = emptyObjectSet();
  const problems: string[] = [];
  const files = fs.statSync(dir).isDirectory() ? listFiles(dir) : [dir];
  for (const file of files) {
    try {
      for (const doc of parseObjects(fs.readFileSync(file, 'utf8'))) {
        addObject(objects, transform ? transform(doc, file) : doc);
      }
    } catch (e) {
      problems.push(`${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  return { objects, problems };
}
