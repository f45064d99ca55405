#!/usr/bin/env node
/*
 * npm run release:pack — builds the publishable packages and writes one tarball per package into dist-packages/,
 * exactly what `npm publish` would upload: `npm pack` runs each package's prepack (backstage-cli package prepack,
 * which points main / module / types / exports at dist/ and applies publishConfig) and postpack (restores the
 * package.json of the checkout).
 *   npm run release:pack                 type declarations, build, pack (about 2 minutes on 2 cores)
 *   npm run release:pack -- --no-build   pack the last build again
 * Prints the tarballs with their sizes, and writes dist-packages/manifest.json (package name → tarball file).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist-packages');

/** The packages a user installs, in build order (each one's workspace dependencies come first). */
const PUBLISHABLE = [
  'plugins/rollouts-common',
  'plugins/rollouts-node',
  'plugins/rollouts-react',
  'plugins/rollouts-backend',
  'plugins/rollouts',
  'packages/standalone',
];

function run(command, args, cwd = root) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}\n${command} ${args.join(' ')} failed in ${cwd}\n`);
    process.exit(result.status ?? 1);
  }
  return { stdout: result.stdout, seconds: (Date.now() - started) / 1000 };
}

const bin = name => path.join(root, 'node_modules', '.bin', name);

function main() {
  const build = !process.argv.includes('--no-build');
  const started = Date.now();
  if (build) {
    // backstage-cli package build takes the type declarations from the root tsc output (dist-types/).
    const tsc = run(bin('tsc'), ['-p', 'tsconfig.json']);
    console.log(`type declarations  ${tsc.seconds.toFixed(1)} s`);
    for (const dir of PUBLISHABLE) {
      const step = run(bin('backstage-cli'), ['package', 'build'], path.join(root, dir));
      console.log(`build ${dir.padEnd(26)} ${step.seconds.toFixed(1)} s`);
    }
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const manifest = {};
  for (const dir of PUBLISHABLE) {
    const { stdout } = run('npm', ['pack', '--json', '--pack-destination', outDir], path.join(root, dir));
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
    manifest[info.name] = info.filename;
    const packed = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    if (packed.main && packed.main.includes('src/') && fs.existsSync(path.join(root, dir, 'package.json-prepack'))) {
      throw new Error(`${dir}: postpack did not restore package.json`);
    }
    console.log(`${info.filename.padEnd(44)} ${(info.size / 1024).toFixed(0).padStart(5)} kB packed, ` +
      `${(info.unpackedSize / 1024).toFixed(0).padStart(5)} kB unpacked, ${info.entryCount} files`);
  }
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${PUBLISHABLE.length} tarballs in dist-packages/ (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main();
