#!/usr/bin/env bash
# Gate for the systemd units: policy checks on the unit text (among them the audit file's
# LogsDirectory=, paired heap dump flags, no core dumps, the class-data archive's wiring), `systemd-analyze verify` (any warning
# fails), and `systemd-analyze security --offline=true` with the overall exposure <= MAX_EXPOSURE.
# A template (NAME@.service) is checked as its instance NAME@example.service, and must keep every
# instance apart: config, credentials, state and logs under a %i directory, a user of its own.
#
# Usage: scripts/systemd-check.sh [UNIT_FILE...]
#        (default: systemd/md-rotator.service and systemd/md-rotator@.service)
# Env:   MAX_EXPOSURE (default 1.5, the 0-10 scale systemd prints)
# Exit:  0 all checks pass; 1 a check failed; 2 usage/tooling error.
#
# Why we parse the number: `--threshold=N` compares on an internal 0-100 scale (1.3 shown == 13),
# which is easy to get wrong; the printed "Overall exposure level" line is what humans read.
# A && B || C below is deliberate: B (ok/bah rm/wait/kill/rm) failing may fall through to C.
# shellcheck disable=SC2015
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ $# -eq 0 ]]; then
  set -- systemd/md-rotator.service systemd/md-rotator@.service
fi
max_exposure="${MAX_EXPOSURE:-1.5}"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }

for unit_src in "$@"; do
  [[ -f "$unit_src" ]] || { echo "error: unit file not found: $unit_src" >&2; exit 2; }
done

if ! command -v systemd-analyze >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "systemd-analyze missing; installing Debian package 'systemd'" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends systemd >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends systemd >/dev/null; }
  else
    echo "error: systemd-analyze not found (Debian package 'systemd')" >&2
    exit 2
  fi
fi

is_template() { [[ "$(basename "$unit_src")" == *@.service ]]; }

# The file systemd-analyze reads: the unit itself, or for a template a copy named as an instance
# (systemd-analyze refuses a bare template name). Prints its path; the caller removes its directory.
analyzable_copy() {
  local dir name
  dir="$(mktemp -d)"; name="$(basename "$unit_src")"
  is_template && name="${name/@.service/@example.service}"
  cp "$unit_src" "$dir/$name"
  echo "$dir/$name"
}

# Value of the last assignment of KEY in the unit (systemd semantics for single-value keys).
unit_value() { sed -n "s/^[[:space:]]*$1=//p" "$unit_src" | tail -n 1; }

# Seconds from a systemd time span such as 60s, 2min, 1min 30s, 90 (bare number = seconds).
span_seconds() {
  awk -v s="$1" 'BEGIN {
    total = 0; n = split(s, parts, /[[:space:]]+/)
    for (i = 1; i <= n; i++) {
      p = parts[i]; if (p == "") continue
      if (p == "infinity") { print 999999; exit }
      num = p; sub(/[a-z]+$/, "", num); unit = substr(p, length(num) + 1)
      f = 1; if (unit == "min" || unit == "m") f = 60; else if (unit == "h") f = 3600; else if (unit == "ms") f = 0.001
      total += num * f
    }
    print int(total) }'
}

check_policy() {
  local exec_start timeout
  local dir=md-rotator
  is_template && dir=md-rotator/%i
  exec_start="$(unit_value ExecStart)"
  [[ "$(unit_value Type)" == "exec" ]] && ok "Type=exec" || fail "Type= must be exec"
  [[ "$exec_start" == *"-jar /opt/md-rotator/md-rotator.jar run --config /etc/$dir/"* ]] \
    && ok "ExecStart runs the installed jar with the /etc/$dir config" \
    || fail "ExecStart must run '-jar /opt/md-rotator/md-rotator.jar run --config /etc/$dir/...'"
  if is_template; then
    # An instance must not read another organization's secrets, nor share its state, logs or user.
    if sed -n 's/^[[:space:]]*LoadCredential\(Encrypted\)\{0,1\}=[^:]*://p' "$unit_src" | grep -qv '^/etc/md-rotator/%i/'; then
      fail "every LoadCredential= source must be under /etc/md-rotator/%i/"
    else
      ok "credentials come from /etc/md-rotator/%i/"
    fi
    [[ "$(unit_value StateDirectory)" == "md-rotator/%i" && "$(unit_value WorkingDirectory)" == "/var/lib/md-rotator/%i" ]] \
      && ok "StateDirectory=md-rotator/%i, WorkingDirectory=/var/lib/md-rotator/%i" \
      || fail "StateDirectory= must be md-rotator/%i and WorkingDirectory= /var/lib/md-rotator/%i"
    [[ "$(unit_value User)" == *%i* ]] && ok "User= per instance ($(unit_value User))" \
      || fail "User= must contain %i: instances must not share a dynamic user"
  fi
  [[ "$(unit_value Restart)" == "on-failure" ]] && ok "Restart=on-failure" || fail "Restart= must be on-failure"
  [[ " $(unit_value SuccessExitStatus) " == *" 143 "* ]] && ok "SuccessExitStatus has 143" \
    || fail "SuccessExitStatus= must include 143 (JVM exit on SIGTERM)"
  [[ "$(unit_value ExecReload)" == *"kill -HUP \$MAINPID"* ]] && ok "ExecReload sends SIGHUP" \
    || fail "ExecReload= must send SIGHUP to \$MAINPID"
  [[ "$(unit_value DynamicUser)" == "yes" ]] && ok "DynamicUser=yes" || fail "DynamicUser= must be yes"
  timeout="$(unit_value TimeoutStopSec)"
  if [[ -n "$timeout" && "$(span_seconds "$timeout")" -gt 30 ]]; then
    ok "TimeoutStopSec=$timeout exceeds the ~30 s rotation drain"
  else
    fail "TimeoutStopSec= must exceed the ~30 s rotation drain (got '${timeout:-unset}')"
  fi
  grep -Eq '^[[:space:]]*(LoadCredential|LoadCredentialEncrypted)=' "$unit_src" \
    && ok "secrets passed with LoadCredential" || fail "no LoadCredential= for the secrets"
  if grep -Eiq '^[[:space:]]*Environment(File)?=.*(token|secret|password)' "$unit_src"; then
    fail "secrets must not be passed through the environment"
  else
    ok "no secret-looking Environment=/EnvironmentFile="
  fi
  # A dump path without the dump flag is a dead setting that suggests dumps happen when they do not
  # (and a dump, when enabled, holds every secret in memory: docs/security.md).
  if [[ "$exec_start" == *"-XX:HeapDumpPath="* && "$exec_start" != *"-XX:+HeapDumpOnOutOfMemoryError"* ]]; then
    fail "-XX:HeapDumpPath= without -XX:+HeapDumpOnOutOfMemoryError"
  else
    ok "no -XX:HeapDumpPath= without -XX:+HeapDumpOnOutOfMemoryError"
  fi
  [[ "$(unit_value LimitCORE)" == "0" ]] && ok "LimitCORE=0 (no core dump of a heap full of secrets)" \
    || fail "LimitCORE= must be 0: a core dump holds every secret in the JVM's memory"
  # ProtectSystem=strict makes /var/log read-only; the audit file (logging.auditFile) lives here.
  [[ "$(unit_value LogsDirectory)" == "$dir" ]] && ok "LogsDirectory=$dir (audit file)" \
    || fail "LogsDirectory= must be $dir: the audit file /var/log/$dir/ is read-only otherwise"
  check_cds
  if grep -Eq '^[[:space:]]*MemoryDenyWriteExecute=(yes|true|1|on)' "$unit_src"; then
    fail "MemoryDenyWriteExecute= breaks HotSpot's JIT; leave it off"
  else
    ok "MemoryDenyWriteExecute not enabled (JIT needs W+X)"
  fi
}

# The JVM flags (-X...) of a command line, one a line.
jvm_flags() { tr ' ' '\n' <<<"$1" | grep -E '^-X' || true; }

# Class-data sharing: ExecStart maps an archive in the state directory, and an ExecStartPre (whose
# failure does not stop the start) runs `md-rotator cds` with exactly ExecStart's JVM flags, since
# the archive is only current for the flags it was made with; start-up allows the 3-minute bound
# of creating it.
check_cds() {
  local exec_start pre archive timeout
  exec_start="$(unit_value ExecStart)"
  pre="$(unit_value ExecStartPre)"
  archive="$(jvm_flags "$exec_start" | sed -n 's/^-XX:SharedArchiveFile=//p' | tail -n 1)"
  if [[ "$archive" == "/var/lib/$dir/"* ]]; then
    ok "ExecStart maps the class-data archive $archive (state directory)"
  else
    fail "ExecStart must map a class-data archive in the state directory (-XX:SharedArchiveFile=/var/lib/$dir/...), got '${archive:-none}'"
  fi
  if [[ "$pre" == "-"*"-jar /opt/md-rotator/md-rotator.jar cds" ]]; then
    ok "ExecStartPre runs 'md-rotator cds' (failure tolerated)"
  else
    fail "ExecStartPre= must be '-<java> <ExecStart's JVM flags> -jar /opt/md-rotator/md-rotator.jar cds' (got '${pre:-none}')"
  fi
  if [[ -n "$pre" && "$(jvm_flags "$pre")" == "$(jvm_flags "$exec_start")" ]]; then
    ok "ExecStartPre's JVM flags are ExecStart's"
  else
    fail "ExecStartPre's JVM flags must equal ExecStart's (the archive is made for one flag set)"
  fi
  timeout="$(unit_value TimeoutStartSec)"
  if [[ -n "$timeout" && "$(span_seconds "$timeout")" -gt 180 ]]; then
    ok "TimeoutStartSec=$timeout exceeds the 3-minute bound of creating the archive"
  else
    fail "TimeoutStartSec= must exceed 180 s, the bound of creating the class-data archive (got '${timeout:-unset}')"
  fi
}

# Verifies a copy of the unit. `verify` insists that the ExecStart binary exists on this host; where
# it does not (e.g. a JDK not at /usr/bin/java), the copy points at the java found on PATH instead,
# and says so: what is then verified is the unit's syntax and settings, not that path.
check_verify() {
  local dir copy exe out rc=0
  copy="$(analyzable_copy)"; dir="$(dirname "$copy")"
  exe="$(unit_value ExecStart | awk '{print $1}')"; exe="${exe#[-@:+!]}"
  if [[ ! -x "$exe" ]]; then
    local substitute
    substitute="$(command -v java || command -v true)"
    echo "note: ExecStart binary $exe is not on this host; verifying a copy that runs $substitute"
    sed -i "s#^\([[:space:]]*ExecStart\(Pre\)\{0,1\}=[-@:+!]*\)$exe#\1$substitute#" "$copy"
  fi
  out="$(systemd-analyze verify "$copy" 2>&1)" || rc=$?
  rm -rf "$dir"
  if [[ $rc -ne 0 || -n "$out" ]]; then
    fail "systemd-analyze verify (rc=$rc):"; printf '%s\n' "$out" >&2
  else
    ok "systemd-analyze verify: clean"
  fi
}

# Prints the overall exposure number (e.g. 1.2) for a unit file, or nothing.
exposure_of() {
  systemd-analyze security --offline=true "$1" 2>/dev/null \
    | sed -n 's/.*Overall exposure level for .*: \([0-9][0-9]*\.[0-9]\).*/\1/p' | tail -n 1
}

check_security() {
  local bare exposure bare_exposure dir copy
  # Self-test of the parser: a bare unit must parse and score above the limit.
  dir="$(mktemp -d)"; bare="$dir/bare-selftest.service"
  printf '[Service]\nExecStart=/bin/true\n' > "$bare"
  bare_exposure="$(exposure_of "$bare")"; rm -rf "$dir"
  if [[ -z "$bare_exposure" ]] || ! awk -v e="$bare_exposure" -v m="$max_exposure" 'BEGIN{exit !(e > m)}'; then
    fail "self-test: could not read a meaningful exposure for a bare unit (got '${bare_exposure}')"
    return
  fi
  copy="$(analyzable_copy)"
  exposure="$(exposure_of "$copy")"
  if [[ -z "$exposure" ]]; then
    fail "systemd-analyze security printed no overall exposure for $unit_src"
    systemd-analyze security --offline=true "$copy" >&2 || true
  elif awk -v e="$exposure" -v m="$max_exposure" 'BEGIN{exit !(e <= m)}'; then
    ok "systemd-analyze security: exposure $exposure <= $max_exposure (bare unit: $bare_exposure)"
  else
    fail "systemd-analyze security: exposure $exposure > $max_exposure"
    systemd-analyze security --offline=true "$copy" 2>&1 | grep -v '^✓' >&2 || true
  fi
  rm -rf "$(dirname "$copy")"
}

for unit_src in "$@"; do
  echo "== $unit_src ($(systemd-analyze --version | head -n 1))"
  check_policy
  check_verify
  check_security
done
if [[ $failures -gt 0 ]]; then
  echo "systemd-check: $failures check(s) failed" >&2
  exit 1
fi
echo "systemd-check: all checks passed"
