#!/usr/bin/env bash
# End-to-end check of md-rotator metrics and alert rules against a real Prometheus server.
#
# Daemon mode (default): the real daemon against both emulators.
#   scripts/prometheus-e2e.sh [--md-rotator CMD] [--ttl SECONDS] [--prom-port N] [--metrics-port N]
#                             [--md-port N] [--vault-port N] [--timeout SECONDS]
#   CMD launches md-rotator (default: java -jar target/md-rotator.jar; the JUnit driver passes
#   java -cp <test class path> io.mdrotator.cli.Main). The script starts `CMD emulator motherduck
#   --relaxed-ttl` (one account, e2e_svc), `CMD emulator vault`, writes a daemon config and a policy
#   (one read_write slot: ttl --ttl (20 s), renewBefore 50%, gracePeriod 5 s) and runs `CMD run`.
#   Failure is injected with POST /_emulator/faults on the MotherDuck emulator: createToken answers
#   503 from then on.
#
# Target mode: an md-rotator that is already running (or started by --target-cmd, bash -c).
#   scripts/prometheus-e2e.sh --target HOST:PORT --fail-cmd CMD [--target-cmd CMD] [--prom-port N]
#                             [--timeout SECONDS] [--expiry-warn S --expiry-crit S --overdue S]
#
# Both modes start Debian's prometheus on 127.0.0.1 (scrape and rule evaluation every 1 s) with a
# COPY of config/prometheus/md-rotator-alerts.yaml: every `for:` is 0s (the real durations are
# minutes; promtool unit tests cover them) and the three time thresholds that assume day-long TTLs
# (token expiring within 24 h / 4 h, rotation overdue by 30 min) are replaced by --expiry-warn,
# --expiry-crit and --overdue (daemon mode: TTL/4, TTL/10, TTL/2; target mode: production values).
# The production rules are not touched; if their expressions change so the substitution no longer
# matches, this script fails instead of testing something else.
#
# Asserts through Prometheus's HTTP API (promtool query instant): the md-rotator series are
# ingested; (daemon mode) two rotations and one superseded-token revocation succeed; no alert fires
# at any rule evaluation of the healthy phase; after the fault MdRotatorRotationFailing fires.
# Prints "e2e: PASS" and exits 0, or the reason plus log tails and exits 1. Every process it starts
# is stopped on exit (trap).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET="" TARGET_CMD="" FAIL_CMD="" PROM_PORT="" TIMEOUT=30
MDR="java -jar target/md-rotator.jar" TTL=20 METRICS_PORT="" MD_PORT="" VAULT_PORT=""
WARN="" CRIT="" OVERDUE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) TARGET="$2"; shift 2 ;;
    --target-cmd) TARGET_CMD="$2"; shift 2 ;;
    --fail-cmd) FAIL_CMD="$2"; shift 2 ;;
    --md-rotator) MDR="$2"; shift 2 ;;
    --ttl) TTL="$2"; shift 2 ;;
    --prom-port) PROM_PORT="$2"; shift 2 ;;
    --metrics-port) METRICS_PORT="$2"; shift 2 ;;
    --md-port) MD_PORT="$2"; shift 2 ;;
    --vault-port) VAULT_PORT="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --expiry-warn) WARN="$2"; shift 2 ;;
    --expiry-crit) CRIT="$2"; shift 2 ;;
    --overdue) OVERDUE="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [[ -n "$TARGET" ]]; then
  [[ -n "$FAIL_CMD" ]] || { echo "--target needs --fail-cmd (how to make rotation fail)" >&2; exit 2; }
  : "${WARN:=24 * 3600}" "${CRIT:=4 * 3600}" "${OVERDUE:=1800}"
else
  [[ "$TTL" =~ ^[0-9]+$ && "$TTL" -ge 8 ]] || { echo "--ttl must be an integer >= 8 (seconds)" >&2; exit 2; }
  : "${WARN:=$((TTL / 4))}" "${CRIT:=$((TTL / 10))}" "${OVERDUE:=$((TTL / 2))}"
fi
PROMETHEUS="${PROMETHEUS:-$(command -v prometheus || true)}"
PROMTOOL="${PROMTOOL:-$(command -v promtool || true)}"
[[ -x "$PROMETHEUS" && -x "$PROMTOOL" ]] || {
  echo "prometheus/promtool not found: apt-get install -y --no-install-recommends prometheus" >&2; exit 2; }

free_port() {
  if command -v python3 > /dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
  else
    shuf -i 20000-59999 -n 1
  fi
}
: "${PROM_PORT:=$(free_port)}"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  local pid i
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for i in $(seq 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "e2e: FAIL: $*"
  local f
  for f in "$WORK"/*.log; do
    [[ -e "$f" ]] || continue
    echo "--- $(basename "$f") (tail)"; tail -n 25 "$f"
  done
  exit 1
}

# Starts "$@" (a shell command line, evaluated) in the background with its output in $WORK/$name.log.
start() {
  local name="$1"; shift
  ( eval "exec $*" ) > "$WORK/$name.log" 2>&1 < /dev/null &
  PIDS+=("$!")
}

wait_port() {
  local port="$1" deadline=$((SECONDS + TIMEOUT))
  while (( SECONDS < deadline )); do
    (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# Writes the daemon's files to $WORK and starts both emulators and the daemon.
start_daemon() {
  : "${METRICS_PORT:=$(free_port)}" "${MD_PORT:=$(free_port)}" "${VAULT_PORT:=$(free_port)}"
  TARGET="127.0.0.1:$METRICS_PORT"
  (umask 077
   od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$WORK/admin-token"
   od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$WORK/vault-token")
  cat > "$WORK/policy.yaml" <<YAML
version: 1
defaults:
  ttl: ${TTL}s
  renewBefore: 50%
  gracePeriod: 5s
accounts:
  - username: e2e_svc
    slots:
      - name: rw
        token_type: read_write
YAML
  cat > "$WORK/md-rotator.yaml" <<YAML
policyFile: policy.yaml
motherduck:
  apiUrl: http://127.0.0.1:$MD_PORT
  adminToken: {file: admin-token}
  requestTimeout: 5s
  allowShortTtl: true
vault:
  address: http://127.0.0.1:$VAULT_PORT
  auth:
    method: token
    token: {file: vault-token}
metrics:
  listen: $TARGET
logging:
  format: console
YAML
  start motherduck "$MDR emulator motherduck --port $MD_PORT --admin-token-file '$WORK/admin-token' --relaxed-ttl --accounts e2e_svc"
  start vault "$MDR emulator vault --port $VAULT_PORT --root-token-file '$WORK/vault-token'"
  wait_port "$MD_PORT" || fail "MotherDuck emulator not listening on $MD_PORT"
  wait_port "$VAULT_PORT" || fail "Vault emulator not listening on $VAULT_PORT"
  start md-rotator "$MDR run --config '$WORK/md-rotator.yaml'"
}

# Makes every createToken call of the MotherDuck emulator answer 503, through its control endpoint.
inject_fault() {
  local body='{"endpoint":"createToken","kind":"STATUS","status":503,"count":-1}' reply
  exec 9<>"/dev/tcp/127.0.0.1/$MD_PORT"
  printf 'POST /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$(cat "$WORK/admin-token")" "${#body}" "$body" >&9
  IFS= read -r -t 5 reply <&9 || true
  exec 9<&-
  [[ "$reply" == "HTTP/1.1 204"* ]] || { echo "fault injection answered: ${reply:-nothing}" >&2; return 1; }
}

write_rules() {
  local out="$WORK/rules.yaml"
  sed -E -e 's/^([[:space:]]*)for:.*/\1for: 0s/' \
    -e "s/^([[:space:]]*\(mdrotator_token_expiry_timestamp_seconds - time\(\) < )24 \* 3600\)\$/\1$WARN)/" \
    -e "s/^([[:space:]]*\(mdrotator_token_expiry_timestamp_seconds - time\(\) < )4 \* 3600\)\$/\1$CRIT)/" \
    -e "s/^([[:space:]]*\(time\(\) - mdrotator_token_next_rotation_timestamp_seconds > )1800\)\$/\1$OVERDUE)/" \
    config/prometheus/md-rotator-alerts.yaml > "$out"
  local want
  for want in "timestamp_seconds - time() < $WARN" "timestamp_seconds - time() < $CRIT" \
              "next_rotation_timestamp_seconds > $OVERDUE"; do
    grep -qF -- "$want" "$out" || fail "rule copy lacks '$want': md-rotator-alerts.yaml changed; update write_rules"
  done
  "$PROMTOOL" check rules "$out" > /dev/null || fail "rule copy is invalid"
}

write_rules
if [[ -z "$TARGET" ]]; then
  start_daemon
  FAIL_CMD=inject_fault
elif [[ -n "$TARGET_CMD" ]]; then
  start target "bash -c $(printf '%q' "$TARGET_CMD")"
fi
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
start prometheus "'$PROMETHEUS' --config.file='$WORK/prometheus.yml' --storage.tsdb.path='$WORK/data' \
  --web.listen-address=127.0.0.1:$PROM_PORT --log.level=warn"
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
echo "e2e: series ingested (t=${SECONDS}s)"

# Healthy phase. Before the first rotation some series are still unknown and, with every `for:` at
# 0s, a start-up transient could fire for one evaluation; the phase starts once nothing fires.
if [[ "$FAIL_CMD" == inject_fault ]]; then
  wait_for 'sum(mdrotator_rotations_total{result="success"}) >= 1' || fail "no rotation succeeded"
fi
wait_for 'ALERTS{alertstate="firing"}' empty || fail "alerts fire in a healthy run: $(query 'ALERTS{alertstate="firing"}')"
healthy_from_ms=$(date +%s%3N)
if [[ "$FAIL_CMD" == inject_fault ]]; then
  wait_for 'sum(mdrotator_rotations_total{result="success"}) >= 2' || fail "no scheduled second rotation"
  wait_for 'sum(mdrotator_revocations_total{reason="superseded",result="success"}) >= 1' \
    || fail "superseded token never revoked"
  echo "e2e: rotations and revocation seen: $(query 'sum by (result) (mdrotator_rotations_total)' | tr '\n' ' ')"
else
  sleep 3
fi
# The range must start strictly after the moment ALERTS was seen empty: the start-up transient's
# last firing sample lies just before it, and a range rounded to whole seconds could reach it.
window=$(( $(date +%s%3N) - healthy_from_ms - 500 ))ms
fired="$(query "count_over_time(ALERTS{alertstate=\"firing\"}[${window}])" || true)"
[[ -z "$fired" ]] || fail "alerts fired during the healthy phase (${window}): $fired"
echo "e2e: no alert fires while healthy (${window} of 1 s evaluations, t=${SECONDS}s)"

if [[ "$FAIL_CMD" == inject_fault ]]; then
  inject_fault || fail "fault injection into the MotherDuck emulator failed"
else
  bash -c "$FAIL_CMD" || fail "--fail-cmd failed"
fi
wait_for 'ALERTS{alertname="MdRotatorRotationFailing",alertstate="firing"}' \
  || fail "MdRotatorRotationFailing did not fire after failures; firing: $(query 'ALERTS' || true)"
echo "e2e: MdRotatorRotationFailing fires after failures (t=${SECONDS}s)"
query 'ALERTS{alertstate="firing"}' | sed 's/^/  /'
echo "e2e: PASS"
