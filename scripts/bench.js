#!/usr/bin/env node
/*
 * Runs every benchmark (files under packages/* /bench and plugins/* /bench), each in its own
 * process, and prints one JSON document with all their results.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const only = process.argv.slice(2);
const files = [];
for (const group of ['packages', 'plugins']) {
  for (const pkg of fs.readdirSync(path.join(root, group))) {
    const dir = path.join(root, group, pkg, 'bench');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!/\.(ts|js)$/.test(file) || /\.test\./.test(file)) continue;
      const rel = path.join(group, pkg, 'bench', file);
      if (only.length && !only.some(o => rel.includes(o))) continue;
      files.push(rel);
    }
  }
}

const results = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', '@backstage/cli/config/nodeTransform.cjs', file],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: Number(process.env.BENCH_TIMEOUT_SECONDS ?? 1800) * 1000 },
  );
  const lines = (run.stdout || '').split('\n').filter(l => l.trim().startsWith('{'));
  const parsed = lines.flatMap(l => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });
  results.push({
    file,
    ok: run.status === 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    results: parsed,
    ...(run.status === 0 ? {} : { error: (run.stderr || '').split('\n').slice(-8).join('\n') }),
  });
}
process.stdout.write(`${JSON.stringify({ benchmarks: results }, null, 2)}\n`);
