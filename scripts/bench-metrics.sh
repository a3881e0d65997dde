#!/usr/bin/env bash
# Benchmark of the runtime's metrics (runtime/src/jmh, MetricsBenchmark): Counter.inc and
# Histogram.observe with two labels, and one scrape of the runtime's 51 series, client_java against
# the hand-written registry it replaced, in one JVM; then a scrape with the JVM's metrics included.
#   scripts/bench-metrics.sh              # 11 rounds
#   scripts/bench-metrics.sh --rounds 21
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

log "building catalog (installed) and runtime (compiled only)"
mvn -B -q -o -pl catalog install -DskipTests 2>/dev/null || mvn -B -q -pl catalog install -DskipTests
mvn -B -q -o -pl runtime compile
CP_FILE="runtime/target/bench.classpath"
mvn -B -q -o -pl runtime dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" -Dmdep.includeScope=runtime >/dev/null
OUT="runtime/target/bench-classes"
rm -rf "$OUT" && mkdir -p "$OUT"
CP="runtime/target/classes:$(cat "$CP_FILE")"
javac --release 17 -d "$OUT" -cp "$CP" $(find runtime/src/jmh/java -name '*.java')
log "running (java -Xmx256m, $(nproc) cores)"
java -Xms256m -Xmx256m -XX:+UseParallelGC -cp "$OUT:$CP" io.spotkube.runtime.observability.bench.MetricsBenchmark "$@"
