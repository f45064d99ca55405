/*
 * Reads the install steps out of README.md's "Using it in your own Backstage" section and applies them to an app
 * made by @backstage/create-app, so the README and the install test are one text. Each fenced block of the section
 * with a `title="<file in the app>"` is a step:
 *   json  → merged into that JSON file (objects deep-merged);
 *   ts    → the lines added to packages/backend/src/index.ts before `backend.start();`
 *           (`replaces="<text>"`: instead of the `backend.add(...)` statement containing that text);
 *   yaml  → merged into that YAML file.
 * The block flagged `tarballs` is the stop-gap until the packages are on a registry: its `resolutions` map points
 * at dist-packages/ of a checkout of this repository.
 */
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const SECTION = '## Using it in your own Backstage';

/** The fenced blocks of the install section: { lang, title, flags, attributes, body }. */
function readInstallSteps(readmePath) {
  const text = fs.readFileSync(readmePath, 'utf8');
  const start = text.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const next = text.indexOf('\n## ', start + SECTION.length);
  const section = text.slice(start, next < 0 ? undefined : next);
  const steps = [];
  for (const match of section.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [, lang, info, body] = match;
    const attributes = Object.fromEntries([...info.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]));
    const flags = info.replace(/(\w+)="[^"]*"/g, '').trim().split(/\s+/).filter(Boolean);
    if (!attributes.title) continue; // a shell example or the like, not a change to a file
    steps.push({ lang, title: attributes.title, flags, attributes, body });
  }
  return steps;
}

function deepMerge(target, source) {
  if (!isObject(target) || !isObject(source)) return source;
  const out = { ...target };
  for (const [key, value] of Object.entries(source)) out[key] = deepMerge(target[key], value);
  return out;
}
const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Non-blank lines, without comment-only lines: what a person types. */
const countLines = body => body.split('\n').filter(l => l.trim() && !/^\s*(#|\/\/)/.test(l)).length;

/**
 * Applies the steps to the app at `appDir`. `tarballDir`: where the tarballs are (replaces the README's
 * `../rollscope/dist-packages/`); `packageManager: 'npm'` moves the `resolutions` map to npm's `overrides`.
 * Returns the line counts: { code, config, tarballs, files }.
 */
function applyInstallSteps(steps, appDir, { tarballDir, packageManager = 'npm' }) {
  const counts = { code: 0, config: 0, tarballs: 0, files: new Set() };
  for (const step of steps) {
    const file = path.join(appDir, step.title);
    if (!fs.existsSync(file)) throw new Error(`README step for ${step.title}: no such file in the new app`);
    counts.files.add(step.title);
    if (step.lang === 'json') {
      let patch = JSON.parse(step.body);
      if (step.flags.includes('tarballs')) {
        counts.tarballs += countLines(step.body);
        const map = {};
        for (const [name, spec] of Object.entries(patch.resolutions ?? {})) {
          const tarball = path.join(tarballDir, path.basename(spec.replace(/^file:/, '')));
          if (!fs.existsSync(tarball)) throw new Error(`README names ${spec}, but ${tarball} does not exist`);
          map[name] = `file:${tarball}`;
        }
        patch = packageManager === 'npm' ? { overrides: map } : { resolutions: map };
      } else {
        counts.config += countLines(step.body);
      }
      const current = JSON.parse(fs.readFileSync(file, 'utf8'));
      fs.writeFileSync(file, `${JSON.stringify(deepMerge(current, patch), null, 2)}\n`);
    } else if (step.lang === 'yaml') {
      counts.config += countLines(step.body);
      const current = yaml.load(fs.readFileSync(file, 'utf8')) ?? {};
      fs.writeFileSync(file, yaml.dump(deepMerge(current, yaml.load(step.body)), { lineWidth: 120 }));
    } else if (step.lang === 'ts') {
      counts.code += countLines(step.body);
      let source = fs.readFileSync(file, 'utf8');
      const lines = step.body.trimEnd();
      if (step.attributes.replaces) {
        const statement = new RegExp(`backend\\.add\\(\\s*import\\(\\s*'[^']*${escape(step.attributes.replaces)}[^']*'\\s*\\),?\\s*\\);`);
        if (!statement.test(source)) throw new Error(`${step.title}: no backend.add(...) with ${step.attributes.replaces} to replace`);
        source = source.replace(statement, lines);
      } else {
        if (!source.includes('backend.start();')) throw new Error(`${step.title}: no backend.start(); to add lines before`);
        source = source.replace('backend.start();', `${lines}\n\nbackend.start();`);
      }
      fs.writeFileSync(file, source);
    } else {
      throw new Error(`README step for ${step.title}: unknown block language ${step.lang}`);
    }
  }
  return { ...counts, files: [...counts.files] };
}
const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = { readInstallSteps, applyInstallSteps, countLines };
