#!/usr/bin/env bash
# Does the runtime fit its default memory on a 10,000-pod cluster with both controllers on?
# One real kube-apiserver with 1,000 kwok nodes x 10 pods (8 application pods, 2 DaemonSet pods),
# Auto Scaling groups tagged for discovery as the constructs tag them (their instances are the
# nodes' provider IDs) and the termination queue in moto (server mode); the working tree's jar
# ("head") and, with BASE_COMMIT, that commit's jar first (built in a detached git worktree under
# ~/.cache/spotkube/bench-base-<sha>), each with its commit's shipped Deployment arguments and RBAC
# and the image's JVM flags in the Deployment's 512 MiB / 1 CPU container: -XX:MaxRAM=512m
# -XX:ActiveProcessorCount=1 -XX:MaxRAMPercentage=75, i.e. -Xmx384m and the serial collector.
# Each runs until its autoscaler has looped --loops times; reported: stayed up (no
# OutOfMemoryError), loops ok/failed (its /metrics), live heap after a full GC (jcmd GC.run),
# peak heap (GC log) and peak RSS.
#   scripts/bench-memory.sh [BASE_COMMIT] [--nodes 1000] [--groups 4] [--loops 6] [--jvm "OPTIONS"]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/lib-bench.sh"
cd "$ROOT"

base_commit=""
if [[ $# -gt 0 && "$1" != --* ]]; then base_commit="$1"; shift; fi
contenders=()
if [[ -n "$base_commit" ]]; then
  base_dir="$(bench_checkout "$base_commit")"
  bench_build "$base_dir"
  contenders+=(--contender "base=$base_dir/runtime/target/spotkube-runtime.jar=$base_dir/runtime/target/bench-runtime-manifest.yaml")
fi
WITH_HARNESS=1 bench_build "$ROOT"
contenders+=(--contender "head=$ROOT/runtime/target/spotkube-runtime.jar=$ROOT/runtime/target/bench-runtime-manifest.yaml")

work="$(mktemp -d "${TMPDIR:-/tmp}/spotkube-bench-memory.XXXXXX")"
log "logs in $work"
server_dir="$work/kube"
# The servers stop with the script; etcd's data goes, the logs stay.
trap 'kill "${MOTO_PID:-}" 2>/dev/null || true; stop_kube_server "$server_dir"; rm -rf "$server_dir/etcd"' EXIT
bench_start_moto "$work/moto.log"
# Enough kwok workers that 10,000 pods start within minutes.
KWOK_POD_PARALLELISM="${KWOK_POD_PARALLELISM:-32}" start_kube_server "$server_dir"

BENCH_K8S_URL="$KUBE_URL" BENCH_K8S_ADMIN_TOKEN="$KUBE_ADMIN_TOKEN" \
  BENCH_SERVER_PIDS="$(bench_server_pids "$server_dir"),moto=$MOTO_PID" \
  bench_harness io.spotkube.test.bench.MemoryBenchmark --dir "$work/memory" --moto "$MOTO_URL" \
  "${contenders[@]}" "$@"
[[ -n "$base_commit" ]] && echo "base = $(git -C "$base_dir" rev-parse --short HEAD), head = $(git rev-parse --short HEAD)"
log "logs in $work"
