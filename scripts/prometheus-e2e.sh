#!/usr/bin/env bash
# End-to-end check of md-rotator metrics and alert rules against a real Prometheus server.
#
#   scripts/prometheus-e2e.sh --target 127.0.0.1:PORT [--target-cmd CMD] [--fail-cmd CMD]
#                             [--prom-port N] [--timeout SECONDS]
#
# 1. Optionally starts the target with CMD (bash -c), its stdin attached to a FIFO whose path is
#    exported as $CTL_FIFO and which this script keeps open on fd 3.
# 2. Starts Debian's prometheus on 127.0.0.1 with a temporary config: scrape and rule evaluation
#    every 1 s, and a copy of config/prometheus/md-rotator-alerts.yaml with every "for:" set to 0s
#    (the real durations are minutes; their behaviour is covered by promtool unit tests instead).
# 3. Asserts through Prometheus's HTTP API (promtool query instant) that the md-rotator series are
#    ingested and that no alert fires while the target is healthy.
# 4. Runs --fail-cmd (default: echo fail >&3, understood by the test harness
#    io.mdrotator.observability.E2eHarness) and asserts MdRotatorRotationFailing fires.
# For the real daemon, pass a --target-cmd that starts it against a MotherDuck emulator and a
# --fail-cmd that makes the emulator fail (e.g. a fault-injection request).
# Prints "e2e: PASS" and exits 0, or prints the reason plus log tails and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET="" TARGET_CMD="" FAIL_CMD='echo fail >&3' PROM_PORT=19090 TIMEOUT=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) TARGET="$2"; shift 2 ;;
    --target-cmd) TARGET_CMD="$2"; shift 2 ;;
    --fail-cmd) FAIL_CMD="$2"; shift 2 ;;
    --prom-port) PROM_PORT="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ -n "$TARGET" ]] || { echo "--target HOST:PORT is required" >&2; exit 2; }
PROMETHEUS="${PROMETHEUS:-$(command -v prometheus || true)}"
PROMTOOL="${PROMTOOL:-$(command -v promtool || true)}"
[[ -x "$PROMETHEUS" && -x "$PROMTOOL" ]] || {
  echo "prometheus/promtool not found: apt-get install -y --no-install-recommends prometheus" >&2; exit 2; }

WORK="$(mktemp -d)"
PROM_PID="" TARGET_PID=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  [[ -n "$TARGET_PID" ]] && kill "$TARGET_PID" 2>/dev/null || true
  [[ -n "$PROM_PID" ]] && kill "$PROM_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "e2e: FAIL: $*"
  echo "--- prometheus log (tail)"; tail -n 20 "$WORK/prometheus.log" 2>/dev/null || true
  echo "--- target log (tail)"; tail -n 20 "$WORK/target.log" 2>/dev/null || true
  exit 1
}

sed -E 's/^([[:space:]]*)for:.*/\1for: 0s/' config/prometheus/md-rotator-alerts.yaml > "$WORK/rules.yaml"
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: ["$WORK/rules.yaml"]
scrape_configs:
  - job_name: md-rotator
    static_configs: [{targets: ["$TARGET"]}]
YAML
"$PROMTOOL" check config "$WORK/prometheus.yml" > /dev/null || fail "generated prometheus.yml is invalid"

if [[ -n "$TARGET_CMD" ]]; then
  export CTL_FIFO="$WORK/ctl"
  mkfifo "$CTL_FIFO"
  bash -c "$TARGET_CMD" < "$CTL_FIFO" > "$WORK/target.log" 2>&1 &
  TARGET_PID=$!
  exec 3> "$CTL_FIFO"
fi

"$PROMETHEUS" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
API="http://127.0.0.1:$PROM_PORT"

query() { "$PROMTOOL" query instant "$API" "$1" 2>/dev/null; }
# Waits until query $1 returns a non-empty result (or, with $2=empty, an empty one).
wait_for() {
  local expr="$1" want="${2:-nonempty}" deadline=$((SECONDS + TIMEOUT)) out
  while (( SECONDS < deadline )); do
    if out="$(query "$expr")"; then
      if [[ "$want" == nonempty && -n "$out" ]] || [[ "$want" == empty && -z "$out" ]]; then
        return 0
      fi
    fi
    sleep 0.5
  done
  return 1
}

wait_for 'up{job="md-rotator"} == 1' || fail "target $TARGET never scraped successfully"
for m in mdrotator_token_expiry_timestamp_seconds mdrotator_rotations_total mdrotator_heartbeat_timestamp_seconds \
         mdrotator_build_info mdrotator_api_request_duration_seconds_bucket jvm_memory_used_bytes; do
  wait_for "$m" || fail "series $m not ingested"
done
echo "e2e: series ingested"

sleep 3  # several rule evaluations on fresh data
firing="$(query 'ALERTS{alertstate="firing"}' || true)"
[[ -z "$firing" ]] || fail "alerts fire in a healthy run: $firing"
echo "e2e: no alert fires while healthy"

bash -c "$FAIL_CMD" 3>&3 || fail "--fail-cmd failed"
wait_for 'ALERTS{alertname="MdRotatorRotationFailing",alertstate="firing"}' \
  || fail "MdRotatorRotationFailing did not fire after failures; firing: $(query 'ALERTS' || true)"
echo "e2e: MdRotatorRotationFailing fires after failures"
query 'ALERTS{alertstate="firing"}' | sed 's/^/  /'
echo "e2e: PASS"
