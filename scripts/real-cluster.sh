#!/usr/bin/env bash
# A real Kubernetes control plane on loopback, with the real Argo Rollouts controller and Flagger, no containers:
#
#   bash scripts/real-cluster.sh build                 # build once per machine (see scripts/real-cluster/build.sh)
#   bash scripts/real-cluster.sh up                    # build if needed, start everything, write the kubeconfig
#   bash scripts/real-cluster.sh status                # which processes run; the nodes
#   bash scripts/real-cluster.sh restart COMPONENT     # stop and start one process (e.g. kube-apiserver)
#   bash scripts/real-cluster.sh stop COMPONENT        # stop one process
#   bash scripts/real-cluster.sh start COMPONENT       # start one stopped process
#   bash scripts/real-cluster.sh down                  # stop everything, keep nothing
#
# Processes: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (two fake nodes: pods get
# scheduled and turn Running/Ready, Job pods complete), rollouts-controller (Argo Rollouts), flagger (Istio
# provider). CRDs: Argo Rollouts, Flagger, Istio networking, Gateway API. deploy/rbac/ is applied as shipped.
#
# Writes .real-cluster/kubeconfig with two contexts: `admin` (system:masters, current) and `rollscope-backend`
# (a token of the rollscope/rollscope-backend service account, bound only by deploy/rbac/). Ports are fixed on
# 127.0.0.1: ${REAL_CLUSTER_PORT_BASE:-17100} (apiserver) up to base+9. State lives in ${REAL_CLUSTER_DIR:-.real-cluster}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${REAL_CLUSTER_DIR:-$root/.real-cluster}"
base="${REAL_CLUSTER_PORT_BASE:-17100}"
bin="$root/.real-cluster/bin"
build="$root/.real-cluster/build"
pki="$dir/pki" logs="$dir/logs" run="$dir/run"
kubeconfig="$dir/kubeconfig" admin_kubeconfig="$dir/admin.kubeconfig"
api_port=$base etcd_port=$((base + 1)) etcd_peer_port=$((base + 2)) kcm_port=$((base + 3)) sched_port=$((base + 4))
kwok_port=$((base + 5)) rollouts_metrics_port=$((base + 6)) rollouts_healthz_port=$((base + 7)) flagger_port=$((base + 8))
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok rollouts-controller flagger)

say() { printf 'real-cluster: %s\n' "$*"; }
die() { printf 'real-cluster: %s\n' "$*" >&2; exit 1; }
kubectl() { "$bin/kubectl" --kubeconfig="$admin_kubeconfig" "$@"; }

pki_files() {
  [ -f "$pki/ca.crt" ] && return 0
  command -v openssl >/dev/null || die "openssl is needed to make the cluster's certificates"
  mkdir -p "$pki" && cd "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=rollscope-real-cluster-ca" 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  cert() { # name subject [extensions]
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
    printf '%s\n' "${3:-extendedKeyUsage=clientAuth}" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 3650 -extfile "$1.ext" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
  }
  cert apiserver "/CN=kube-apiserver" \
    "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth"
  cert admin "/O=system:masters/CN=real-cluster-admin"
  cert controller-manager "/CN=system:kube-controller-manager"
  cert scheduler "/CN=system:kube-scheduler"
  cd - >/dev/null
}

# kubeconfig_for FILE USER [cert]  |  kubeconfig_for FILE USER token TOKEN
kubeconfig_for() {
  local file=$1 user=$2 auth
  if [ "${3:-cert}" = token ]; then auth="    token: $4"
  else auth="    client-certificate-data: $(base64 -w0 <"$pki/$user.crt")
    client-key-data: $(base64 -w0 <"$pki/$user.key")"; fi
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: real-cluster
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: $user
  user:
$auth
contexts:
- name: $user
  context: {cluster: real-cluster, user: $user}
current-context: $user
EOF
  chmod 600 "$file"
}

pid_of() { local f="$run/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

command_for() {
  case $1 in
    etcd) echo "$bin/etcd --name=real-cluster --data-dir=$dir/etcd --listen-client-urls=http://127.0.0.1:$etcd_port
      --advertise-client-urls=http://127.0.0.1:$etcd_port --listen-peer-urls=http://127.0.0.1:$etcd_peer_port
      --initial-advertise-peer-urls=http://127.0.0.1:$etcd_peer_port
      --initial-cluster=real-cluster=http://127.0.0.1:$etcd_peer_port --quota-backend-bytes=2147483648
      --log-level=warn --unsafe-no-fsync" ;;
    # --min-request-timeout: watches the server ends after 20-40 s (real clusters: 30-60 min), so every client
    # here keeps living through watch timeouts.
    kube-apiserver) echo "$bin/kube-apiserver --bind-address=127.0.0.1 --advertise-address=127.0.0.1
      --secure-port=$api_port --etcd-servers=http://127.0.0.1:$etcd_port
      --tls-cert-file=$pki/apiserver.crt --tls-private-key-file=$pki/apiserver.key --client-ca-file=$pki/ca.crt
      --service-account-key-file=$pki/sa.pub --service-account-signing-key-file=$pki/sa.key
      --service-account-issuer=https://kubernetes.default.svc.cluster.local --service-account-max-token-expiration=720h
      --authorization-mode=Node,RBAC --service-cluster-ip-range=10.96.0.0/16 --endpoint-reconciler-type=none
      --allow-privileged=true --min-request-timeout=20 --profiling=false --cert-dir=$pki/generated" ;;
    kube-controller-manager) echo "$bin/kube-controller-manager --kubeconfig=$dir/controller-manager.kubeconfig
      --authentication-kubeconfig=$dir/controller-manager.kubeconfig
      --authorization-kubeconfig=$dir/controller-manager.kubeconfig --bind-address=127.0.0.1 --secure-port=$kcm_port
      --use-service-account-credentials=true --service-account-private-key-file=$pki/sa.key
      --root-ca-file=$pki/ca.crt --cluster-signing-cert-file=$pki/ca.crt --cluster-signing-key-file=$pki/ca.key
      --leader-elect=false
      --concurrent-deployment-syncs=10 --concurrent-replicaset-syncs=10 --profiling=false" ;;
    kube-scheduler) echo "$bin/kube-scheduler --kubeconfig=$dir/scheduler.kubeconfig
      --authentication-kubeconfig=$dir/scheduler.kubeconfig --authorization-kubeconfig=$dir/scheduler.kubeconfig
      --bind-address=127.0.0.1 --secure-port=$sched_port --leader-elect=false --profiling=false" ;;
    kwok) echo "$bin/kwok --kubeconfig=$admin_kubeconfig --manage-all-nodes=false
      --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --server-address=127.0.0.1:$kwok_port
      --node-lease-duration-seconds=40
      $(for f in "$build"/kwok-stages/*.yaml; do printf -- '--config=%s ' "$f"; done)" ;;
    rollouts-controller) echo "$bin/rollouts-controller --kubeconfig=$admin_kubeconfig --leader-elect=false
      --metricsPort=$rollouts_metrics_port --healthzPort=$rollouts_healthz_port --loglevel=info
      --rollout-resync=60" ;;
    flagger) echo "$bin/flagger -kubeconfig=$admin_kubeconfig -mesh-provider=istio -enable-leader-election=false
      -metrics-server=http://127.0.0.1:$((base + 9)) -port=$flagger_port -log-level=info -zap-encoding=console
      -control-loop-interval=2s" ;;
    *) die "unknown component '$1' (one of: ${components[*]})" ;;
  esac
}

start_component() {
  local name=$1
  [ -z "$(pid_of "$name" || true)" ] || return 0
  mkdir -p "$logs" "$run"
  # shellcheck disable=SC2046
  POD_NAMESPACE=argo-rollouts setsid $(command_for "$name") >>"$logs/$name.log" 2>&1 </dev/null &
  echo $! >"$run/$name.pid"
}

stop_component() {
  local name=$1 pid
  pid=$(pid_of "$name" || true)
  [ -n "$pid" ] || { rm -f "$run/$name.pid"; return 0; }
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$run/$name.pid"
}

wait_for() { # what seconds command...
  local what=$1 secs=$2; shift 2
  for _ in $(seq $((secs * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "$what did not come up in ${secs}s; see $logs/"
}

apiserver_ready() { curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$api_port/readyz"; }

wait_component() {
  case $1 in
    etcd) wait_for etcd 30 curl -sf "http://127.0.0.1:$etcd_port/health" ;;
    kube-apiserver) wait_for kube-apiserver 90 apiserver_ready ;;
    *) sleep 0.2; [ -n "$(pid_of "$1" || true)" ] || die "$1 exited at once; see $logs/$1.log" ;;
  esac
}

fake_nodes() {
  local n
  for n in 1 2; do
    cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$n
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {kubernetes.io/hostname: kwok-node-$n, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok}
status:
  allocatable: {cpu: "64", memory: 256Gi, pods: "250"}
  capacity: {cpu: "64", memory: 256Gi, pods: "250"}
---
EOF
  done
}

up() {
  # REAL_CLUSTER_NO_BUILD=1: use whatever .real-cluster/bin and .real-cluster/build hold (while hacking on the build)
  [ -n "${REAL_CLUSTER_NO_BUILD:-}" ] || bash "$root/scripts/real-cluster/build.sh"
  mkdir -p "$dir" "$logs" "$run"
  pki_files
  kubeconfig_for "$admin_kubeconfig" admin
  kubeconfig_for "$dir/controller-manager.kubeconfig" controller-manager
  kubeconfig_for "$dir/scheduler.kubeconfig" scheduler
  local t0; t0=$(date +%s)
  for c in etcd kube-apiserver; do start_component "$c"; wait_component "$c"; done
  wait_for "RBAC bootstrap" 60 kubectl get clusterrole system:kube-controller-manager
  for c in kube-controller-manager kube-scheduler; do start_component "$c"; wait_component "$c"; done
  kubectl apply --server-side --force-conflicts -f "$build/crds/" >"$logs/apply-crds.log"
  kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
  kubectl apply -f "$root/deploy/rbac/" >"$logs/apply-rbac.log"
  kubectl create namespace argo-rollouts --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  fake_nodes | kubectl apply -f - >/dev/null
  for c in kwok rollouts-controller flagger; do start_component "$c"; wait_component "$c"; done
  wait_for "kwok nodes" 60 sh -c "'$bin/kubectl' --kubeconfig='$admin_kubeconfig' get nodes --no-headers | grep -c ' Ready' | grep -qx 2"
  wait_for "default service account" 60 kubectl -n default get serviceaccount default
  local token
  token=$(kubectl -n rollscope create token rollscope-backend --duration=720h)
  # The backend's kubeconfig: admin context first (current), the service account's context beside it.
  kubeconfig_for "$dir/backend.kubeconfig" rollscope-backend token "$token"
  KUBECONFIG="$admin_kubeconfig:$dir/backend.kubeconfig" "$bin/kubectl" config view --flatten >"$kubeconfig.tmp"
  mv "$kubeconfig.tmp" "$kubeconfig" && chmod 600 "$kubeconfig"
  say "up in $(($(date +%s) - t0))s: https://127.0.0.1:$api_port"
  say "  export KUBECONFIG=$kubeconfig   # contexts: admin (current), rollscope-backend"
  say "  export PATH=$bin:\$PATH         # kubectl, kubectl-argo-rollouts (kubectl argo rollouts ...)"
}

down() {
  local i
  for ((i = ${#components[@]} - 1; i >= 0; i--)); do stop_component "${components[$i]}"; done
  rm -rf "$dir/etcd" "$run" "$kubeconfig" "$dir/backend.kubeconfig"
  say "down"
}

status() {
  local c pid rc=0
  for c in "${components[@]}"; do
    pid=$(pid_of "$c" || true)
    if [ -n "$pid" ]; then printf '%-24s running (pid %s)\n' "$c" "$pid"; else printf '%-24s stopped\n' "$c"; rc=1; fi
  done
  [ -n "$(pid_of kube-apiserver || true)" ] && kubectl get nodes 2>/dev/null || true
  return $rc
}

case "${1:-}" in
  build) bash "$root/scripts/real-cluster/build.sh" ;;
  up) up ;;
  down) down ;;
  status) status ;;
  start) start_component "${2:?component}"; wait_component "$2" ;;
  stop) stop_component "${2:?component}" ;;
  restart) stop_component "${2:?component}"; start_component "$2"; wait_component "$2" ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
