#!/usr/bin/env bash
# Performance figures of issue #10 against the in-process emulators; prints the machine details
# and one table per figure. docs/benchmarks.md keeps the latest output and what limits it.
#
# Usage: scripts/bench.sh [--quick] [--slots "100,1000,10000"] [--concurrency 32]
#                         [--md-latency 25] [--vault-latency 2] [--rate R] [--naive-max 200]
#   --quick            small sizes only (smoke run, about a minute)
#   --slots LIST       fleet sizes of figure 1 (default 100,1000,10000)
#   --concurrency C    reconcile concurrency of figure 1 (default 32)
#   --md-latency MS    emulated MotherDuck latency per request (default 25)
#   --vault-latency MS emulated Vault latency per request (default 2)
#   --rate R           also run figure 1 with a client rate limit of R MotherDuck requests/s
#   --naive-max M      the naive sequential loop runs at most M slots, extrapolated to N (default 200)
# JAVA_OPTS is passed to the JVM (e.g. JAVA_OPTS=-Xmx1g). The jar is built when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

slots="100,1000,10000"
concurrency=32
md_latency=25
vault_latency=2
rate=0
naive_max=200
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --slots) slots="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --md-latency) md_latency="$2"; shift 2 ;;
    --vault-latency) vault_latency="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --naive-max) naive_max="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  slots="100"
  naive_max=50
fi

jar=target/md-rotator.jar
if [ ! -f "$jar" ]; then
  echo "bench.sh: $jar missing, building it" >&2
  mvn -B -q -ntp package -DskipTests >&2
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
run() { java ${JAVA_OPTS:-} -jar "$jar" bench "$@"; }

status=0
echo "== md-rotator bench $(date -u +%Y-%m-%dT%H:%M:%SZ) =="
echo "JAVA_OPTS: ${JAVA_OPTS:-(none)}"

# ---- Figure 1: fleet catch-up ----
run catchup -n "$slots" -c "$concurrency" --md-latency "$md_latency" --vault-latency "$vault_latency" \
  --rate "$rate" --naive-max "$naive_max" || status=1

# ---- Figures 2-4 (steady state, start-up, reload): bench daemon section goes here ----

exit "$status"
