#!/usr/bin/env bash
# Benchmark of one autoscaling decision (runtime/src/jmh): N nodes x 30 pods, N pending pods,
# 50 node groups, for N = 500, 1000, 2000, 5000 (or the sizes given as arguments).
# The JVM gets a 1 GB heap (-Xmx1g): the target is a median under 2 s at 5,000 nodes within it.
#   scripts/bench-scaling.sh                  # all sizes
#   scripts/bench-scaling.sh 5000 --iterations 11
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

log "building catalog, contract and runtime (tests skipped)"
mvn -B -q -o -pl catalog,contract,runtime install -DskipTests 2>/dev/null || mvn -B -q -pl catalog,contract,runtime install -DskipTests
CP_FILE="runtime/target/bench.classpath"
mvn -B -q -o -pl runtime dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" -Dmdep.includeScope=runtime >/dev/null
OUT="runtime/target/bench-classes"
rm -rf "$OUT" && mkdir -p "$OUT"
CP="runtime/target/classes:$(cat "$CP_FILE")"
javac --release 17 -d "$OUT" -cp "$CP" $(find runtime/src/jmh/java -name '*.java')
log "running (java -Xmx1g, $(nproc) cores)"
java -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$OUT:$CP" io.spotkube.runtime.scaling.bench.ScalingBenchmark "$@"
