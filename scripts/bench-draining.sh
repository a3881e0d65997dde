#!/usr/bin/env bash
# Benchmark of the interruption handler (not part of the test run): 1,000 Spot interruption
# messages for 1,000 nodes with 10 pods each, enqueued at once into ElasticMQ (in a child JVM).
# Prints p50/p99 message-to-cordon latency, time to all cordoned / drained, and the handler JVM's
# peak heap.
#   scripts/bench-draining.sh [--mock] [nodes=1000] [pods=10] [pollers=2] [workers=16] [pollIntervalMs=1000]
#                             [mode=handler|floor]
# mode=floor evicts every pod with a plain client instead (what the servers alone need).
# Kubernetes is a real kube-apiserver v1.33 on etcd, with kwok playing the 1,000 kubelets (built
# from Go modules and cached in ~/.cache/spotkube the first time: ~20 min on 2 cores); --mock uses
# the fabric8 mock server instead (minutes faster to start, but serialises every request).
# HANDLER_HEAP (default 256m) caps the handler JVM's heap: the goal is to stay under 256 MB.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

mock=false
if [[ "${1:-}" == "--mock" ]]; then mock=true; shift; fi

log "building runtime (tests compiled, not run)"
mvn -B -q -pl catalog,contract,runtime install -DskipTests
CLASSPATH_FILE="$ROOT/runtime/target/bench-classpath.txt"
mvn -B -q -pl runtime dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE" >&2
CP="$ROOT/runtime/target/classes:$ROOT/runtime/target/test-classes:$(cat "$CLASSPATH_FILE")"

if [[ "$mock" == false ]]; then
  SERVER_DIR="$(mktemp -d)"
  trap 'stop_kube_server "$SERVER_DIR"; rm -rf "$SERVER_DIR"' EXIT
  start_kube_server "$SERVER_DIR"
  export BENCH_K8S_URL="$KUBE_URL" BENCH_K8S_ADMIN_TOKEN="$KUBE_ADMIN_TOKEN" BENCH_K8S_TOKEN="$KUBE_COMPONENT_TOKEN"
  export BENCH_SERVER_PIDS="kube-apiserver=$(cat "$SERVER_DIR/kube-apiserver.pid"),etcd=$(cat "$SERVER_DIR/etcd.pid"),kwok=$(cat "$SERVER_DIR/kwok.pid")"
fi

log "running the draining benchmark"
java "-Xmx${HANDLER_HEAP:-256m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.spotkube.runtime.bench.DrainingBenchmark "$@"
