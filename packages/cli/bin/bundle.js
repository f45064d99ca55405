/* eslint-disable */
/*
 * Keeps one esbuild bundle of the CLI (its src/ plus rollouts-common's src/) for running from a checkout of the
 * repository, where the workspace packages point at TypeScript sources. `node bin/bundle.js` builds it now
 * (the root `prepare` script does, after `npm ci`); `ensureBundle()` rebuilds it when a source is newer.
 */
const path = require('node:path');
const fs = require('node:fs');

const packageDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(packageDir, '../..');
const bundlePath = path.join(repoRoot, 'node_modules', '.cache', 'rollscope', 'cli.cjs');
const sourceDirs = [path.join(packageDir, 'src'), path.join(repoRoot, 'plugins', 'rollouts-common', 'src')];

function newestSource(dir, newest = 0) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(file, newest);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  }
  return newest;
}

function isFresh() {
  let built;
  try {
    built = fs.statSync(bundlePath).mtimeMs;
  } catch {
    return false;
  }
  return sourceDirs.every(dir => !fs.existsSync(dir) || newestSource(dir) <= built);
}

function build() {
  const esbuild = require('esbuild');
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
  const tmp = `${bundlePath}.${process.pid}.tmp`;
  esbuild.buildSync({
    entryPoints: [path.join(packageDir, 'src', 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: tmp,
    logLevel: 'warning',
  });
  fs.renameSync(tmp, bundlePath); // atomic: a CLI started meanwhile never reads half a file
}

function ensureBundle() {
  if (!isFresh()) build();
}

module.exports = { bundlePath, ensureBundle };

if (require.main === module) build();
