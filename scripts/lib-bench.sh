# shellcheck shell=bash
# Shared by bench-compare.sh and bench-memory.sh (sourced after lib.sh): builds what a benchmark
# runs for one commit (the runtime's jar, the scaling benchmark's classes, the runtime manifest its
# constructs ship) in the working tree or in a detached git worktree of another commit, kept under
# ~/.cache/spotkube/bench-base-<sha> and reused. Builds use `mvn package`, never `install`, so no
# commit's artifacts replace another's in ~/.m2.

# mvn offline first (everything is usually downloaded), online if something is missing.
bench_mvn() {
  mvn -B -q -o "$@" >/dev/null 2>&1 || mvn -B -q "$@" >&2
}

# A checkout of COMMIT outside the repository, reused if present. Prints its directory.
bench_checkout() {
  local commit sha dir
  commit="$1"
  sha="$(git -C "$ROOT" rev-parse --verify "$commit^{commit}")" || { echo "no such commit: $commit" >&2; return 1; }
  dir="${SPOTKUBE_CACHE:-$HOME/.cache/spotkube}/bench-base-${sha:0:12}"
  if [[ ! -d "$dir" ]]; then
    log "checking out $commit (${sha:0:12}) into $dir (git worktree, detached)"
    mkdir -p "$(dirname "$dir")"
    git -C "$ROOT" worktree add --detach "$dir" "$sha" >&2
  elif [[ "$(git -C "$dir" rev-parse HEAD)" != "$sha" ]]; then
    echo "$dir exists but is not at $sha: remove it (git worktree remove --force $dir)" >&2
    return 1
  fi
  echo "$dir"
}

# Builds in checkout DIR: runtime/target/spotkube-runtime.jar, runtime/target/bench-scaling-classes
# (runtime/src/jmh compiled against that commit's classes), runtime/target/bench-runtime-manifest.yaml
# (from that commit's cdk synth) and, with WITH_HARNESS=1, the harness in test/target/classes with its
# classpath in test/target/bench.classpath. A checkout of a fixed commit is built once (a stamp file).
bench_build() {
  local dir="$1" modules="runtime,apps"
  [[ "${WITH_HARNESS:-0}" == 1 ]] && modules="runtime,apps,test"
  if [[ -f "$dir/runtime/target/.bench-built" && "$dir" != "$ROOT" ]]; then
    log "reusing the build in $dir"
    return 0
  fi
  log "building $modules in $dir (mvn package, tests skipped)"
  # build-classpath writes each module's run-time classpath (compile + runtime scopes) to its target/bench.classpath.
  (cd "$dir" && bench_mvn -pl "$modules" -am package dependency:build-classpath -Dmaven.test.skip=true \
    -DincludeScope=runtime -Dmdep.outputFile=target/bench.classpath)
  local classes="$dir/runtime/target/bench-scaling-classes" sources
  rm -rf "$classes" && mkdir -p "$classes"
  mapfile -t sources < <(find "$dir/runtime/src/jmh/java" -name '*.java')
  javac --release 17 -nowarn -d "$classes" -cp "$dir/runtime/target/classes:$(<"$dir/runtime/target/bench.classpath")" \
    "${sources[@]}"
  bench_render_manifest "$dir"
  [[ "$dir" != "$ROOT" ]] && touch "$dir/runtime/target/.bench-built"
  return 0
}

# The runtime's add-on manifest of the tutorial app (cdk synth with the app's jar, the image given
# by URI so nothing is staged), copied to runtime/target/bench-runtime-manifest.yaml.
bench_render_manifest() {
  local dir="$1" out
  out="$(mktemp -d)"
  (cd "$dir" && CDK_OUTDIR="$out" CDK_VALIDATION=false JSII_NODE="node --no-turbo-escape" \
    CDK_CONTEXT_JSON='{"runtimeImageUri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/spotkube-runtime:bench"}' \
    java -jar apps/target/spotkube-apps.jar >/dev/null 2>"$out.log") \
    || { tail -20 "$out.log" >&2; echo "cdk synth of $dir failed" >&2; return 1; }
  local manifest
  manifest="$(grep -l '^kind: Deployment' "$out"/*.yaml | xargs grep -l '^  name: spotkube-runtime$' | head -1)"
  [[ -n "$manifest" ]] || { echo "no spotkube-runtime Deployment in $dir's synthesized add-ons" >&2; return 1; }
  cp "$manifest" "$dir/runtime/target/bench-runtime-manifest.yaml"
  rm -rf "$out" "$out.log"
}

# The harness's java command line (built by bench_build with WITH_HARNESS=1 in the working tree).
bench_harness() {
  java -Xmx1536m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$ROOT/test/target/classes:$(<"$ROOT/test/target/bench.classpath")" "$@"
}

# name=pid,... of the server processes start_kube_server started in DIR, for CPU accounting.
bench_server_pids() {
  local dir="$1" name pids=""
  for name in kube-apiserver etcd kwok; do
    pids+="${pids:+,}$name=$(<"$dir/$name.pid")"
  done
  echo "$pids"
}

# moto in server mode on a free loopback port (EC2, Auto Scaling, SQS), its output in LOG; waits
# until it answers. moto from the project's .venv when scripts/test.sh made one, else from PATH,
# else installed into .venv. Sets MOTO_URL and MOTO_PID (the caller stops it: kill "$MOTO_PID").
bench_start_moto() {
  local log="$1" moto_server="$ROOT/.venv/bin/moto_server" port
  if [[ ! -x "$moto_server" ]]; then
    moto_server="$(command -v moto_server || true)"
    [[ -n "$moto_server" ]] || { ensure_python_tools; moto_server="$ROOT/.venv/bin/moto_server"; }
  fi
  port="$(free_port)"
  "$moto_server" -H 127.0.0.1 -p "$port" > "$log" 2>&1 &
  MOTO_PID=$!
  MOTO_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 60); do curl -sf "$MOTO_URL/moto-api/" >/dev/null && return 0; sleep 1; done
  echo "moto_server did not answer on $MOTO_URL within 60 s: see $log" >&2
  return 1
}
