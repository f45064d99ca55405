#!/usr/bin/env bash
# CI stage "release and install": the publishable packages as a user gets them.
#   1. npm run release:pack   publishing fields checked (repo fix --publish --check); type declarations, build,
#                             one tarball per package in dist-packages/ (sizes printed)
#   2. API reports            the public API of each package against its committed report (report.api.md)
#   3. test/install/          the README's install section in a fresh create-app app (Node 22), and a plain Vite
#                             portal from the rollouts-react and standalone tarballs; both in Chromium
# Called by scripts/test.sh (which counts the tests); alone: bash scripts/ci/install.sh [pack|api|tests]
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out="$root/test/output"
mkdir -p "$out"
what=${1:-all}
started=$(date +%s)
status=0

if [ "$what" = all ] || [ "$what" = pack ]; then
  echo "--- backstage-cli repo fix --publish --check ($(date -u +%H:%M:%S))"
  # pluginId / pluginPackages and the other publishing fields Backstage's tooling expects, on every package.
  npx backstage-cli repo fix --publish --check || status=1
  echo "--- npm run release:pack ($(date -u +%H:%M:%S))"
  npm run -s release:pack 2>&1 | tee "$out/release-pack.log" || status=1
fi

if [ "$what" = all ] || [ "$what" = api ]; then
  echo "--- API reports ($(date -u +%H:%M:%S))"
  bash scripts/ci/api-reports.sh --check || status=1
fi

if [ "$what" = tests ]; then
  node --test --test-concurrency=1 test/install/ || status=1
fi

echo "release and install stage: $(( $(date +%s) - started )) s"
exit $status
