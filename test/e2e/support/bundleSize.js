/* Measures the rollouts-react bundle: esbuild, ESM, minified, React external, then gzip. */
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..', '..', '..');

async function measureRolloutsReactBundle() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'plugins', 'rollouts-react', 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    metafile: true,
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    jsx: 'automatic',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const gzip = zlib.gzipSync(code, { level: 9 }).length;
  const used = Object.entries(Object.values(result.metafile.outputs)[0].inputs).filter(([, v]) => v.bytesInOutput > 0);
  return {
    minBytes: code.length,
    minGzipBytes: gzip,
    modules: used.length,
    backstageBytes: used.filter(([k]) => k.includes('@backstage/')).reduce((n, [, v]) => n + v.bytesInOutput, 0),
  };
}

module.exports = { measureRolloutsReactBundle };

if (require.main === module) {
  measureRolloutsReactBundle().then(r => console.log(JSON.stringify({ rolloutsReactBundle: r })));
}
