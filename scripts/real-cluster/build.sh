#!/usr/bin/env bash
# Builds the real control plane and controllers from their Go modules, once per machine, and links them into
# .real-cluster/bin/.
#
#   kube                   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd (one multi-call
#                          binary: k8s.io/kubernetes + go.etcd.io/etcd/server, see kube/main.go)
#   rollouts-controller    github.com/argoproj/argo-rollouts/cmd/rollouts-controller
#   kubectl-argo-rollouts  github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts
#   flagger                github.com/fluxcd/flagger/cmd/flagger
#   kwok                   sigs.k8s.io/kwok/cmd/kwok (fake nodes; pods become Running/Ready with no runtime)
# plus the CRDs those releases ship (Argo Rollouts, Flagger, Istio networking, Gateway API) under crds/.
#
# The cache folder is keyed by a hash of every wrapper module (go.mod, go.sum, sources) and the Go version, so a
# version bump builds anew and an unchanged checkout reuses the binaries: ${XDG_CACHE_HOME:-~/.cache}/rollscope/
# real-cluster/<hash>/. Prints the build time. Exits non-zero, loudly, when Go is missing or a build fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

ISTIO_API_VERSION=v1.28.0     # istio.io/api: kubernetes/customresourcedefinitions.gen.yaml (networking CRDs)
GATEWAY_API_VERSION=v1.4.1    # sigs.k8s.io/gateway-api: config/crd/standard

if ! command -v go >/dev/null 2>&1; then
  echo "real-cluster: the Go toolchain (go 1.26 or newer) is required to build the real control plane; none found on PATH" >&2
  exit 3
fi

modules=(kube argo-rollouts flagger kwok)
key=$( { go version; echo "istio $ISTIO_API_VERSION gateway $GATEWAY_API_VERSION"; cat "$here/build.sh";
  for m in "${modules[@]}"; do cat "$here/$m/go.mod" "$here/$m/go.sum" "$here/$m"/*.go; done; } | sha256sum | cut -c1-16)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rollscope/real-cluster/$key"
out="$root/.real-cluster"

link_into_checkout() {
  mkdir -p "$out"
  rm -rf "$out/bin" "$out/build"
  ln -s "$cache" "$out/build"
  ln -s "$cache/bin" "$out/bin"
}

if [ -f "$cache/complete" ]; then
  link_into_checkout
  echo "real-cluster: binaries cached in $cache (built in $(cat "$cache/complete")s)"
  exit 0
fi

start=$(date +%s)
# One build at a time: a second caller (CI's early background build and the stage itself) waits for the first.
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -f "$cache/complete" ]; then link_into_checkout; exit 0; fi

export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"
# The controllers are static (CGO_ENABLED=0); the kube binary keeps the toolchain's default.
static() { CGO_ENABLED=0 "$@"; }
ldflags="-s -w"
tmp="$cache/.partial"
rm -rf "$tmp" && mkdir -p "$tmp/bin" "$tmp/crds"

step() { printf 'real-cluster build: %s (%ss)\n' "$1" "$(($(date +%s) - start))"; }

step "kube (apiserver, controller-manager, scheduler, kubectl, etcd)"
# Release builds stamp the version (flagger, for one, refuses to start on an unparsable apiserver version).
kube_version=$(sed -n 's/^\tk8s.io\/kubernetes \(v[0-9.]*\)$/\1/p' "$here/kube/go.mod")
kube_minor=$(echo "$kube_version" | cut -d. -f2)
version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags="$version_flags -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$kube_minor -X $pkg.gitTreeState=clean"
done
(cd "$here/kube" && go build -ldflags="$ldflags$version_flags" -o "$tmp/bin/kube" .)
for name in kube-apiserver kube-controller-manager kube-scheduler kubectl etcd; do ln -s kube "$tmp/bin/$name"; done

step "kwok"
(cd "$here/kwok" && static go build -ldflags="$ldflags" -o "$tmp/bin/kwok" sigs.k8s.io/kwok/cmd/kwok)
kwok_dir=$(cd "$here/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
mkdir -p "$tmp/kwok-stages"
cp "$kwok_dir"/kustomize/stage/node/fast/node-initialize.yaml \
  "$kwok_dir"/kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
  "$kwok_dir"/kustomize/stage/pod/fast/pod-*.yaml "$tmp/kwok-stages/"

step "argo-rollouts (controller and kubectl plugin)"
argo_dir=$(cd "$here/argo-rollouts" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-rollouts)
# The plugin's dashboard embeds the web UI from server/static, which upstream's release pipeline builds with
# yarn and which the module does not ship (and -overlay may not touch the module cache). The dashboard is not
# used here: the plugin is built from a copy of the unmodified module with a one-page placeholder added there.
cp -r "$argo_dir" "$tmp/argo-rollouts-src" && chmod -R u+w "$tmp/argo-rollouts-src"
mkdir -p "$tmp/argo-rollouts-src/server/static"
echo '<!doctype html><title>Argo Rollouts dashboard</title><p>The dashboard UI is not built into this binary.</p>' \
  >"$tmp/argo-rollouts-src/server/static/index.html"
mkdir -p "$tmp/argo-modfile"
cp "$here/argo-rollouts/go.mod" "$here/argo-rollouts/go.sum" "$tmp/argo-modfile/"
(cd "$here/argo-rollouts" &&
  go mod edit -modfile="$tmp/argo-modfile/go.mod" -replace="github.com/argoproj/argo-rollouts=$tmp/argo-rollouts-src" &&
  static go build -ldflags="$ldflags" -o "$tmp/bin/rollouts-controller" github.com/argoproj/argo-rollouts/cmd/rollouts-controller &&
  static go build -modfile="$tmp/argo-modfile/go.mod" -ldflags="$ldflags" -o "$tmp/bin/kubectl-argo-rollouts" \
    github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts)
cp "$argo_dir"/manifests/crds/*-crd.yaml "$tmp/crds/"

step "flagger"
(cd "$here/flagger" && static go build -ldflags="$ldflags" -o "$tmp/bin/flagger" github.com/fluxcd/flagger/cmd/flagger)
flagger_dir=$(cd "$here/flagger" && go list -m -f '{{.Dir}}' github.com/fluxcd/flagger)
cp "$flagger_dir/artifacts/flagger/crd.yaml" "$tmp/crds/flagger-crd.yaml"

step "Istio networking and Gateway API CRDs"
mod_dir() { (cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'); }
istio_dir=$(mod_dir "istio.io/api@$ISTIO_API_VERSION")
gateway_dir=$(mod_dir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")
cp "$istio_dir/kubernetes/customresourcedefinitions.gen.yaml" "$tmp/crds/istio-crds.yaml"
for f in "$gateway_dir"/config/crd/standard/*.yaml; do cat "$f"; printf '\n---\n'; done >"$tmp/crds/gateway-api-crds.yaml"
chmod -R u+w "$tmp"

rm -rf "$cache/bin" "$cache/crds" "$cache/kwok-stages"
mv "$tmp/bin" "$tmp/crds" "$tmp/kwok-stages" "$cache/"
rm -rf "$tmp"
elapsed=$(($(date +%s) - start))
echo "$elapsed" >"$cache/complete"
link_into_checkout
echo "real-cluster: built in ${elapsed}s into $cache"
