#!/usr/bin/env bash
# Times the node bootstrap and runtime manifest renderers (what they add to a cdk synth),
# in a fresh JVM, and reports the whole process's peak RSS (JVM + jsii's node).
# Usage: scripts/bench-render.sh [rounds]   (offline once the dependencies are downloaded)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
mvn -B -q -o -pl catalog,constructs -am test-compile
mvn -B -q -o -pl constructs dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="constructs/target/classes:constructs/target/test-classes:$(<constructs/target/bench.classpath)"
/usr/bin/time -f 'whole run: wall %e s, peak RSS %M KiB (largest single process)' \
  java -cp "$classpath" io.spotkube.constructs.bench.RenderBenchmark "${1:-20}" 2>&1 | grep -v '^!!\|^$'
