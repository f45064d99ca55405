#!/usr/bin/env bash
# CI stage: the conformance suite against a real control plane (scripts/real-cluster.sh): build the binaries
# (or wait for the build scripts/test.sh started in the background, or reuse the per-machine cache), bring the
# cluster up, run test/real-cluster, tear it down. Prints the build, start-up and suite times and, last,
# "N passed, N failed" (also written to test/output/real-cluster.counts for scripts/test.sh).
# A missing Go toolchain or a failed build fails the stage: it never skips.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out="$root/test/output"
mkdir -p "$out"
counts="$out/real-cluster.counts"
rm -f "$counts"
finish() { # passed failed
  echo "$1 $2" >"$counts"
  echo "real-cluster: $1 passed, $2 failed"
  [ "$2" = 0 ]
  exit $?
}

if ! command -v go >/dev/null 2>&1; then
  echo "real-cluster: FAILED: no Go toolchain on PATH; the real control plane is built from Go modules (Go 1.26+)" >&2
  finish 0 1
fi

t0=$(date +%s)
# build.sh holds a lock while it builds: if scripts/test.sh started it early, this waits for that build.
if ! bash scripts/real-cluster/build.sh >>"$out/real-cluster-build.log" 2>&1; then
  tail -40 "$out/real-cluster-build.log"
  echo "real-cluster: FAILED: the build failed (log: test/output/real-cluster-build.log)" >&2
  finish 0 1
fi
grep -E '^real-cluster' "$out/real-cluster-build.log" | tail -3
t1=$(date +%s)
echo "real-cluster: build step took $((t1 - t0))s in this stage (waiting for the background build included)"

cleanup() { bash scripts/real-cluster.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT
bash scripts/real-cluster.sh down >/dev/null 2>&1 || true
if ! bash scripts/real-cluster.sh up >"$out/real-cluster-up.log" 2>&1; then
  cat "$out/real-cluster-up.log"
  for f in .real-cluster/logs/*.log; do echo "--- $f"; tail -15 "$f"; done
  echo "real-cluster: FAILED: the cluster did not come up" >&2
  finish 0 1
fi
t2=$(date +%s)
echo "real-cluster: cluster up in $((t2 - t1))s"

rm -f "$out/real-cluster.json"
(cd test/real-cluster && CI=true npx backstage-cli package test --runInBand --json --outputFile="$out/real-cluster.json") \
  2>&1 | tee "$out/real-cluster-suite.log" | grep -E '^(PASS|FAIL)|●|✓|✕|Tests:' | head -150
t3=$(date +%s)
echo "real-cluster: suite ran in $((t3 - t2))s (stage total $((t3 - t0))s)"
if [ ! -f "$out/real-cluster.json" ]; then
  for f in .real-cluster/logs/*.log; do echo "--- $f"; tail -10 "$f"; done
  finish 0 1
fi
read -r p f < <(node -e "const r=require('$out/real-cluster.json'); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0))")
if [ "$f" != 0 ]; then mkdir -p "$out/real-cluster-logs" && cp .real-cluster/logs/*.log "$out/real-cluster-logs/" 2>/dev/null; fi
finish "$p" "$f"
