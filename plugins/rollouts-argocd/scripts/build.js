#!/usr/bin/env node
/*
 * Builds the Argo CD UI extension:
 *   dist/resources/extension-rollscope.js/extensions-rollscope.js   (IIFE, React from the page)
 *   dist/extension-rollscope.tar.gz                                  (layout argocd-extension-installer expects)
 * Usage: node scripts/build.js [--no-minify] [--metafile]
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const EXT_DIR = 'resources/extension-rollscope.js';
const EXT_FILE = `${EXT_DIR}/extensions-rollscope.js`;

/** Modules the page provides: name → global. */
const pageGlobals = {
  react: 'React',
  'react-dom': 'ReactDOM',
  'react-dom/client': 'ReactDOM',
  moment: 'Moment',
};

/** Maps react, react-dom, react/jsx-runtime and moment to the page's globals: never a second React. */
const pageGlobalsPlugin = {
  name: 'argocd-page-globals',
  setup(build) {
    build.onResolve(
      {
        filter:
          /^(react|react-dom|react-dom\/client|moment|react\/jsx-runtime|react\/jsx-dev-runtime)$/,
      },
      args => ({
        path: args.path,
        namespace: 'page-global',
      }),
    );
    build.onLoad({ filter: /.*/, namespace: 'page-global' }, args => {
      if (
        args.path === 'react/jsx-runtime' ||
        args.path === 'react/jsx-dev-runtime'
      ) {
        // Argo CD may expose only window.React: fall back to a runtime built on createElement.
        return {
          contents: `
var R = window.ReactJSXRuntime;
if (!R) {
  var React = window.React;
  // createElement keeps props.children as given when no child arguments follow, as jsx() does.
  var jsx = function (type, props, key) {
    var p = {};
    for (var k in props) p[k] = props[k];
    if (key !== undefined) p.key = key;
    return React.createElement(type, p);
  };
  R = { jsx: jsx, jsxs: jsx, jsxDEV: jsx, Fragment: React.Fragment };
}
module.exports = R;`,
          loader: 'js',
        };
      }
      if (args.path === 'react') {
        // Argo CD 2.x pages carry React 16/17, which lack useId: add a stable-per-instance stand-in.
        return {
          contents: `
var React = window.React;
if (React && !React.useId) {
  var next = 0;
  React = Object.assign({}, React, {
    useId: function () {
      var ref = window.React.useRef(null);
      if (ref.current === null) ref.current = ':rs' + (next++).toString(36) + ':';
      return ref.current;
    },
  });
}
module.exports = React;`,
          loader: 'js',
        };
      }
      return {
        contents: `module.exports = window.${pageGlobals[args.path]};`,
        loader: 'js',
      };
    });
  },
};

/** A minimal ustar writer (directories and regular files), enough for tar -x and busybox tar. */
function tar(entries) {
  const blocks = [];
  const header = (name, size, type, mode) => {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write(
      `${Math.floor(Date.UTC(2024, 0, 1) / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
    );
    h.write('        ', 148);
    h.write(type, 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  for (const e of entries) {
    if (e.dir) {
      blocks.push(
        header(e.name.endsWith('/') ? e.name : `${e.name}/`, 0, '5', 0o755),
      );
    } else {
      blocks.push(header(e.name, e.data.length, '0', 0o644), e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) blocks.push(Buffer.alloc(pad));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

async function main() {
  const minify = !process.argv.includes('--no-minify');
  fs.rmSync(path.join(dist, 'resources'), { recursive: true, force: true });
  const outfile = path.join(dist, EXT_FILE);
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/extension.tsx')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2019', 'chrome90', 'firefox90', 'safari14'],
    jsx: 'automatic',
    minify,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [pageGlobalsPlugin],
    logLevel: 'warning',
    banner: { js: '/* Rollscope Argo CD extension. Apache-2.0. */' },
  });
  if (process.argv.includes('--metafile')) {
    fs.writeFileSync(
      path.join(dist, 'meta.json'),
      JSON.stringify(result.metafile),
    );
  }
  const js = fs.readFileSync(outfile);
  const archive = tar([
    { name: 'resources', dir: true },
    { name: EXT_DIR, dir: true },
    { name: EXT_FILE, data: js },
  ]);
  const tgz = zlib.gzipSync(archive, { level: 9 });
  fs.writeFileSync(path.join(dist, 'extension-rollscope.tar.gz'), tgz);
  const gz = zlib.gzipSync(js, { level: 9 }).length;
  process.stdout.write(
    `${path.relative(root, outfile)}: ${js.length} bytes, ${gz} bytes gzip\n` +
      `dist/extension-rollscope.tar.gz: ${tgz.length} bytes\n`,
  );
}

main().catch(e => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
