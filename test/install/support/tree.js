/*
 * Where the @backstage/* dependencies of the installed @rollscope packages resolve in an app's node_modules tree.
 * Node looks for a dependency in node_modules folders from the requiring package upwards; anything it finds
 * before the app's root node_modules is a second copy that only our package uses (a nested copy).
 */
const fs = require('node:fs');
const path = require('node:path');

function findInstalled(appDir, scope = '@rollscope') {
  const found = [];
  const visit = dir => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === 'node_modules') visitNodeModules(full);
      else if (dir === appDir && ['packages', 'plugins'].includes(entry.name)) visit(full);
      else if (path.basename(dir) === 'packages' || path.basename(dir) === 'plugins') visit(full);
    }
  };
  const visitNodeModules = nm => {
    for (const entry of fs.readdirSync(nm, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(nm, entry.name);
      if (entry.name === scope) {
        for (const pkg of fs.readdirSync(full)) {
          const dir = path.join(full, pkg);
          found.push(dir);
          if (fs.existsSync(path.join(dir, 'node_modules'))) visitNodeModules(path.join(dir, 'node_modules'));
        }
      } else if (entry.name.startsWith('@')) {
        for (const pkg of fs.readdirSync(full)) {
          const inner = path.join(full, pkg, 'node_modules');
          if (fs.existsSync(inner)) visitNodeModules(inner);
        }
      } else {
        const inner = path.join(full, 'node_modules');
        if (fs.existsSync(inner)) visitNodeModules(inner);
      }
    }
  };
  visit(appDir);
  return found;
}

function resolveFrom(packageDir, dependency, stopAt) {
  let dir = packageDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', dependency, 'package.json');
    if (fs.existsSync(candidate)) return path.dirname(candidate);
    if (dir === stopAt || dir === path.dirname(dir)) return undefined;
    dir = path.dirname(dir);
  }
}

/**
 * For every installed @rollscope package: each @backstage/* dependency, the version it gets and whether that is
 * the app's root copy. Returns { packages: [...], nested: [...] }.
 */
function checkBackstageCopies(appDir) {
  const packages = [];
  const nested = [];
  for (const dir of findInstalled(appDir)) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter(d => d.startsWith('@backstage/'));
    const resolved = deps.map(dep => {
      const at = resolveFrom(dir, dep, appDir);
      const version = at ? JSON.parse(fs.readFileSync(path.join(at, 'package.json'), 'utf8')).version : undefined;
      const rootCopy = at === path.join(appDir, 'node_modules', dep);
      const entry = { dependency: dep, range: pkg.dependencies?.[dep] ?? pkg.peerDependencies?.[dep], version, at: at && path.relative(appDir, at) };
      if (!rootCopy) nested.push({ package: pkg.name, ...entry });
      return entry;
    });
    packages.push({ name: pkg.name, version: pkg.version, at: path.relative(appDir, dir), dependencies: resolved });
  }
  return { packages, nested };
}

module.exports = { checkBackstageCopies, findInstalled };
