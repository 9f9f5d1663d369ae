#!/usr/bin/env bash
# Soak test: the daemon against the in-process emulators with short TTLs and a seeded
# random fault schedule, a consumer probe every 100 ms, heap/RSS/thread samples, then an audit
# (docs/reliability.md, section Soak). Exit 0 only when every promise held; among them, no slot
# served no live token for longer than --max-no-live-token (default 30 s) outside fault windows.
#
# Usage: scripts/soak.sh --minutes M --slots N [--fault-rate R] [--seed S] [--ttl SECONDS]
#                        [--grace SECONDS] [--max-tokens-per-slot K] [--sample-every SECONDS]
#                        [--max-heap MIB] [--max-no-live-token SECONDS] [--out DIR]
# Every option is passed to the tooling jar's `soak` command (see
# `java -jar target/md-rotator-thin-tools.jar soak --help`; docs/architecture.md, Product and tooling).
# The report goes to target/soak/<UTC timestamp>/ (report.txt, report.json, daemon.log,
# metrics.txt) unless --out is given; the daemon's console log goes to console.log there.
# JAVA_OPTS is passed to the JVM (default -Xmx512m). The jar is built when missing or older than
# a source file or the pom (a stale jar would soak an older daemon and older checks).
set -euo pipefail
cd "$(dirname "$0")/.."

out=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--out" ] && [ $((i + 1)) -lt ${#args[@]} ]; then
    out="${args[$((i + 1))]}"
  fi
done
if [ -z "$out" ]; then
  out="target/soak/$(date -u +%Y%m%dT%H%M%SZ)"
  args+=(--out "$out")
fi
mkdir -p "$out"

tools=target/md-rotator-thin-tools.jar
if [ ! -f target/md-rotator.jar ] || [ ! -f "$tools" ] \
  || [ -n "$(find src/main src/tools pom.xml -newer target/md-rotator.jar -print -quit)" ] \
  || [ -n "$(find src/main src/tools pom.xml -newer "$tools" -print -quit)" ]; then
  echo "soak: building target/md-rotator.jar and $tools"
  mvn -B -q -ntp package -DskipTests
fi

# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx512m} -jar "$tools" soak "${args[@]}" 2>"$out/console.log"
