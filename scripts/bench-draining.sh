#!/usr/bin/env bash
# Benchmark of the interruption handler (not part of the test run): 1,000 Spot interruption
# messages for 1,000 nodes with 10 pods each, enqueued at once into ElasticMQ, against the fabric8
# Kubernetes mock server (both in a child JVM). Prints p50/p99 message-to-cordon latency, time to
# all cordoned / drained, and the handler JVM's peak heap.
#   scripts/bench-draining.sh [nodes=1000] [pods=10] [pollers=2] [workers=16] [pollIntervalMs=1000]
# HANDLER_HEAP (default 256m) caps the handler JVM's heap: the goal is to stay under 256 MB.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

log "building runtime (tests compiled, not run)"
mvn -B -q -pl catalog,runtime install -DskipTests
CLASSPATH_FILE="$ROOT/runtime/target/bench-classpath.txt"
mvn -B -q -pl runtime dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE" >&2
CP="$ROOT/runtime/target/classes:$ROOT/runtime/target/test-classes:$(cat "$CLASSPATH_FILE")"

log "running the draining benchmark"
java "-Xmx${HANDLER_HEAP:-256m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.spotkube.runtime.bench.DrainingBenchmark "$@"
