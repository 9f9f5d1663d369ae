#!/usr/bin/env bash
# Runs the README's demo and checks its promise: at least one rotation and one revocation per demo
# slot, zero failures, zero orphans. Usage: scripts/demo-check.sh [DURATION] (default 150s).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-150s}"
jar=target/md-rotator.jar
[ -f "$jar" ] || { echo "demo-check: $jar missing; run mvn package first" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
java -jar "$jar" demo --duration "$duration" 2>/dev/null | tee "$out"
summary=$(grep '^demo summary:' "$out") || { echo "demo-check: no summary line" >&2; exit 1; }
fail=0
grep -q 'failures=0 ' <<<"$summary " || { echo "demo-check: failures reported" >&2; fail=1; }
grep -q 'orphans=0$' <<<"$summary" || { echo "demo-check: orphans reported" >&2; fail=1; }
for slot in etl_loader/rw bi_dashboards/rw bi_dashboards/rs ml_scoring/rw; do
  rotations=$(grep -cE "^[0-9:]+ ${slot} +superseded " "$out" || true)
  revocations=$(grep -cE "^[0-9:]+ ${slot} +revoked .*\(superseded\)$" "$out" || true)
  echo "demo-check: ${slot}: rotations=${rotations} revocations=${revocations}"
  if [ "$rotations" -lt 1 ] || [ "$revocations" -lt 1 ]; then
    echo "demo-check: ${slot} needs at least one rotation and one revocation" >&2
    fail=1
  fi
done
exit "$fail"
