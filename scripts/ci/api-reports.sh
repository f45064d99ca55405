#!/usr/bin/env bash
# API reports of the publishable packages (Backstage's backstage-repo-tools api-reports, API Extractor): each
# package's public API is written to its report.api.md, committed, so a change of public API shows in review.
#   bash scripts/ci/api-reports.sh           rewrite the reports (after changing an export)
#   bash scripts/ci/api-reports.sh --check   CI: fail when the code's API differs from a committed report
# Needs the type declarations of the root tsc (dist-types/; npm run release:pack leaves them). repo-tools is a large
# tool only this step uses, so it is installed here (once per machine) rather than with every npm ci.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO_TOOLS_VERSION=0.19.1 # Backstage 1.55.0's
tools="node_modules/.cache/rollscope-repo-tools"
if [ ! -x "$tools/node_modules/.bin/backstage-repo-tools" ] ||
  ! grep -q "\"version\": \"$REPO_TOOLS_VERSION\"" "$tools/node_modules/@backstage/repo-tools/package.json"; then
  mkdir -p "$tools"
  echo '{"name":"rollscope-repo-tools","private":true}' >"$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --no-save --legacy-peer-deps --loglevel=error \
    "@backstage/repo-tools@$REPO_TOOLS_VERSION" >/dev/null
fi
[ -d dist-types/plugins ] || npx tsc -p tsconfig.json
packages=(plugins/rollouts-common plugins/rollouts-node plugins/rollouts-react plugins/rollouts-backend
  plugins/rollouts packages/standalone)
args=()
[ "${1:-}" = "--check" ] && args+=(--ci)
# Like Backstage's own repository: warnings are written into the reports (visible in review) rather than failing.
if ! "$tools/node_modules/.bin/backstage-repo-tools" api-reports --allow-all-warnings \
  -o ae-undocumented,ae-wrong-input-file-type "${args[@]}" "${packages[@]}"; then
  echo "The public API differs from the committed reports: run 'npm run api-reports' and commit the report*.api.md files." >&2
  exit 1
fi
