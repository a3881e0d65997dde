#!/usr/bin/env bash
# Benchmarks two commits side by side in one run: BASE_COMMIT (built in a detached git worktree
# under ~/.cache/spotkube/bench-base-<sha>, reused) and the working tree ("head"). Interleaved
# (base, head, then head, base...) so that the load of this shared machine hits both alike.
#   a) scaling: one autoscaling decision (each commit's runtime/src/jmh ScalingBenchmark on its own
#      classes), a fresh JVM per commit, size and round; median and min per commit, head/base.
#   b) draining: ONE real kube-apiserver (kwok kubelets), ElasticMQ as SQS and moto as EC2 (the
#      nodes' instances); per round, each on a freshly reset cluster: the plain-client eviction
#      floor, then each commit's real jar as the interruption handler (java -Xmx256m -jar ... run
#      --queue-url ..., AWS_ENDPOINT_URL_SQS/_EC2 in its environment), timed black-box by the
#      harness (test/src/main/java/io/spotkube/test/bench). Ratios head/floor and head/base.
#      Two rounds by default: one round on this shared machine was once 1.26x off for identical code.
# Usage:
#   scripts/bench-compare.sh BASE_COMMIT [--sizes "1000 5000"] [--rounds 3] [--iterations 5]
#                            [--nodes 1000] [--pods 10] [--draining-rounds 2] [--only scaling|draining]
# Figures and how to read them: docs/scaling.md and docs/draining.md ("side by side").
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/lib-bench.sh"
cd "$ROOT"

[[ $# -ge 1 && "$1" != --* ]] || { sed -n '2,16p' "$0" >&2; exit 2; }
base_commit="$1"; shift
sizes="1000 5000"; rounds=3; iterations=5; nodes=1000; pods=10; draining_rounds=2; only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2" ;;
    --rounds) rounds="$2" ;;
    --iterations) iterations="$2" ;;
    --nodes) nodes="$2" ;;
    --pods) pods="$2" ;;
    --draining-rounds) draining_rounds="$2" ;;
    --only) only="$2" ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

base_dir="$(bench_checkout "$base_commit")"
bench_build "$base_dir"
WITH_HARNESS=1 bench_build "$ROOT"
base_label="base $(git -C "$base_dir" rev-parse --short HEAD)"
head_label="head $(git rev-parse --short HEAD)"
[[ -z "$(git status --porcelain -- runtime)" ]] || head_label+=" with uncommitted changes in runtime/"
work="$(mktemp -d "${TMPDIR:-/tmp}/spotkube-bench-compare.XXXXXX")"
log "comparing $base_label with $head_label; logs in $work"

# The scaling benchmark's main class in a checkout (its package may move between commits).
scaling_command() {
  local dir="$1" classes main
  classes="$dir/runtime/target/bench-scaling-classes"
  main="$(cd "$classes" && find . -name ScalingBenchmark.class | head -1 | sed 's|^\./||; s|\.class$||; s|/|.|g')"
  echo java -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$classes:$dir/runtime/target/classes:$(<"$dir/runtime/target/bench.classpath")" "$main"
}

compare_scaling() {
  local results="$work/scaling.txt" round size who dir line
  local -A dirs=([base]="$base_dir" [head]="$ROOT")
  log "scaling: sizes $sizes, $rounds round(s) of $iterations timed decisions per JVM; load $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in $(seq 1 "$rounds"); do
    for size in $sizes; do
      local order=(base head)
      (( round % 2 == 0 )) && order=(head base)
      for who in "${order[@]}"; do
        dir="${dirs[$who]}"
        line="$($(scaling_command "$dir") "$size" --iterations "$iterations" | tail -1)"
        echo "$who $round $line" >> "$results"
        log "scaling round $round $who: $line"
      done
    done
  done
  echo
  echo "scaling decision (ScalingPlanner.plan): $rounds JVM(s) per commit and size, $iterations timed runs each after 2 warm-ups, interleaved"
  echo "base = $base_label, head = $head_label; load average now $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
  # Fields: who round nodes pods pending groups median min max heap decision...
  awk '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    {
      key = $1 SUBSEP $3; medians[key] = medians[key] " " $7
      if (!(key in mins) || $8 + 0 < mins[key]) mins[key] = $8
      decision = ""; for (i = 11; i <= NF; i++) decision = decision " " $i
      decisions[key] = decisions[key] == "" || decisions[key] == decision ? decision : "differs"
      if (!($3 in seen)) { seen[$3] = 1; order[++count] = $3 }
    }
    END {
      printf "%-7s %-20s %-20s %-16s %s\n", "nodes", "base median/min ms", "head median/min ms", "head/base median", "same decision"
      for (k = 1; k <= count; k++) {
        n = order[k]; b = median(medians["base" SUBSEP n]); h = median(medians["head" SUBSEP n])
        same = (decisions["base" SUBSEP n] == decisions["head" SUBSEP n] && decisions["head" SUBSEP n] != "differs")
        printf "%-7s %-20s %-20s %-16.2f %s\n", n, b " / " mins["base" SUBSEP n], h " / " mins["head" SUBSEP n],
          (b ? h / b : 0), (same ? "yes" : "NO")
      }
    }' "$results"
}

compare_draining() {
  server_dir="$work/kube"
  # The servers stop with the script; etcd's data (~1 GB at full size) goes, the logs stay.
  trap 'kill "${MOTO_PID:-}" 2>/dev/null || true; stop_kube_server "$server_dir"; rm -rf "$server_dir/etcd"' EXIT
  start_kube_server "$server_dir"
  # moto plays EC2: the bench's instances exist there, so a handler that asks EC2 before acting
  # finds them (docs/runtime.md "Node identity").
  bench_start_moto "$work/moto.log"
  BENCH_K8S_URL="$KUBE_URL" BENCH_K8S_ADMIN_TOKEN="$KUBE_ADMIN_TOKEN" \
    BENCH_SERVER_PIDS="$(bench_server_pids "$server_dir"),moto=$MOTO_PID" \
    bench_harness io.spotkube.test.bench.DrainingComparison --nodes "$nodes" --pods "$pods" --rounds "$draining_rounds" \
    --dir "$work/draining" --moto "$MOTO_URL" \
    --contender "base=$base_dir/runtime/target/spotkube-runtime.jar=$base_dir/runtime/target/bench-runtime-manifest.yaml" \
    --contender "head=$ROOT/runtime/target/spotkube-runtime.jar=$ROOT/runtime/target/bench-runtime-manifest.yaml"
  echo "base = $base_label, head = $head_label"
}

[[ "$only" == "" || "$only" == scaling ]] && compare_scaling
[[ "$only" == "" || "$only" == draining ]] && compare_draining
log "logs in $work"
