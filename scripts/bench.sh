#!/usr/bin/env bash
# Performance figures against the in-process emulators; prints the machine details, one table per
# figure, then a summary of every figure that has a target beside it with a met column. Exit 1
# when a target is missed or a part fails. docs/benchmarks.md keeps the latest output and what
# limits it.
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
#   --daemon-slots N   slots of figures 2-4 (default 10000)
#   --idle S           idle CPU window of figure 2 in seconds (default 60)
#   --startups K       daemon launches timed to ready; figure 3 is their median (default 5)
#   --catchup-jvm FLAGS JVM flags of figure 1 (default: the JIT and GC flags the systemd unit and the
#                      image deploy md-rotator with; "" for the JVM's own defaults)
#   --daemon-jvm FLAGS JVM flags of the daemon under test and of the CLI launches (default: the
#                      systemd unit's; both also map the class-data archive the unit creates)
#   --cli-runs K       launches of each CLI command timed; the CLI figures are medians (default 5)
# BENCH_PARTS selects figures: catchup, daemon, startup, components, comma-separated (default
# catchup,daemon,startup).
# JAVA_OPTS is passed to the JVM (e.g. JAVA_OPTS=-Xmx1g). The jars are built when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

slots="100,1000,10000"
concurrency=32
md_latency=25
vault_latency=2
rate=0
naive_max=200
daemon_slots=10000
idle=60
startups=5
cli_runs=5
daemon_jvm=""
# The deployed JIT and GC flags (systemd/md-rotator.service, Dockerfile; DaemonFlagsTest checks).
# Not the unit's -Xmx256m: this JVM also holds both emulators and the whole fleet's emulated state.
catchup_jvm="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
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
    --daemon-slots) daemon_slots="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --startups) startups="$2"; shift 2 ;;
    --daemon-jvm) daemon_jvm="$2"; shift 2 ;;
    --cli-runs) cli_runs="$2"; shift 2 ;;
    --catchup-jvm) catchup_jvm="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  slots="100"
  naive_max=50
  daemon_slots=500
  idle=10
  startups=2
  cli_runs=2
fi

# The benchmarks live in the tooling jar (src/tools), which runs with the product jar beside it.
jar=target/md-rotator.jar
tools=target/md-rotator-thin-tools.jar
if [ ! -f "$jar" ] || [ ! -f "$tools" ]; then
  echo "bench.sh: $jar or $tools missing, building them" >&2
  mvn -B -q -ntp package -DskipTests >&2
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
run() { java ${JAVA_OPTS:-} -jar "$tools" bench "$@"; }

status=0
# Every table row with a target lands here (tools BenchSummary); printed at the end.
MDR_BENCH_SUMMARY="$(mktemp)"
export MDR_BENCH_SUMMARY
trap 'rm -f "$MDR_BENCH_SUMMARY"' EXIT
failed_parts=()
echo "== md-rotator bench $(date -u +%Y-%m-%dT%H:%M:%SZ) =="
echo "JAVA_OPTS: ${JAVA_OPTS:-(none)}"

parts=",${BENCH_PARTS:-catchup,daemon,startup},"
want() { [[ "$parts" == *",$1,"* ]]; }

# ---- Figure 1: fleet catch-up ----
if want catchup; then
  JAVA_OPTS="$catchup_jvm ${JAVA_OPTS:-}" run catchup -n "$slots" -c "$concurrency" --md-latency "$md_latency" \
    --vault-latency "$vault_latency" --rate "$rate" --naive-max "$naive_max" || failed_parts+=(catchup)
fi

# ---- Figures 2-4: steady state, start-up, reload of the real daemon (a child JVM) ----
if want daemon; then
  daemon_args=(--slots "$daemon_slots" --idle "$idle" --startups "$startups" --md-latency "$md_latency" --vault-latency "$vault_latency")
  [ -n "$daemon_jvm" ] && daemon_args+=(--jvm "$daemon_jvm")
  run daemon "${daemon_args[@]}" || failed_parts+=(daemon)
fi
# ---- The pieces of start-up and reload, in-process (hot spots) ----
if want components; then
  run components --slots "$daemon_slots" || failed_parts+=(components)
fi
# ---- CLI start-up: validate and plan of a small policy, with the deployed flags and the archive ----
if want startup; then
  startup_args=(--runs "$cli_runs" --md-latency "$md_latency" --vault-latency "$vault_latency")
  [ -n "$daemon_jvm" ] && startup_args+=(--jvm "$daemon_jvm")
  run startup "${startup_args[@]}" || failed_parts+=(startup)
fi

# ---- Summary: every figure with a target ----
echo
echo "== Summary: every figure with a target (parts: ${parts:1:${#parts}-2}) =="
if [ -s "$MDR_BENCH_SUMMARY" ]; then
  awk -F '\t' '
    { for (i = 1; i <= 5; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
    END {
      split("table figure measured target met", h, " ")
      for (i = 2; i <= 5; i++) if (length(h[i]) > w[i]) w[i] = length(h[i])
      printf "%-*s | %*s | %-*s | %s\n", w[2], h[2], w[3], h[3], w[4], h[4], h[5]
      for (r = 1; r <= NR; r++) {
        if (c[r, 1] != last) { print "-- " c[r, 1]; last = c[r, 1] }
        printf "%-*s | %*s | %-*s | %s\n", w[2], c[r, 2], w[3], c[r, 3], w[4], c[r, 4], c[r, 5]
      }
    }' "$MDR_BENCH_SUMMARY"
else
  echo "(no figure with a target was measured)"
fi
missed="$(awk -F '\t' '$5 == "NO"' "$MDR_BENCH_SUMMARY" | wc -l)"
met="$(awk -F '\t' '$5 == "yes"' "$MDR_BENCH_SUMMARY" | wc -l)"
if [ "${#failed_parts[@]}" -gt 0 ]; then
  echo "parts that failed or missed a target: ${failed_parts[*]}"
  status=1
fi
if [ "$missed" -gt 0 ]; then
  status=1
fi
echo "targets met: $met, missed: $missed; exit $status"
exit "$status"
