#!/usr/bin/env bash
# Container smoke test without a Docker engine.
#
#  1. Base image: a minimal Debian bookworm rootfs with openjdk-17-jre-headless (debootstrap),
#     cached as a tarball keyed by suite/arch/variant/package list, imported with buildah.
#  2. Builds ./Dockerfile with buildah (--isolation chroot, docker format so HEALTHCHECK is kept),
#     JRE_IMAGE pointing at that base; context is the Maven-built target/md-rotator.jar only.
#  3. Checks the image config (non-root fixed UID, exec-form ENTRYPOINT/CMD/HEALTHCHECK, labels,
#     JAVA_TOOL_OPTIONS, no secret-looking env), then runs the image's ENTRYPOINT with `buildah run`:
#       --quick : `<entrypoint> --version`, the effective UID, the jar not writable, the JVM flags,
#                 the class-data archive of JAVA_TOOL_OPTIONS shipped current in the image and mapped.
#       --full (default): the --quick checks, then the MotherDuck and Vault emulators on loopback
#                 (random ports), a config and policy in the real schema mounted read-only at
#                 /etc/md-rotator, credentials in $CREDENTIALS_DIRECTORY as under systemd, the
#                 daemon from the image's ENTRYPOINT+CMD; waits for the image's HEALTHCHECK
#                 command to pass, a full rotation cycle in /metrics (2 successful rotations, the
#                 superseded token revoked, no failure), no secret (admin token, Vault token,
#                 any issued token read back from Vault) in the log, /metrics or /readyz; then
#                 SIGTERM to the JVM and exit status 143 within 45 s.
#
# Usage: scripts/container-smoke.sh [--full|--quick] [--keep]
#   --keep  leave the built image and working container in the buildah store.
# Env: MDR_SMOKE_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/md-rotator), MDR_DEBIAN_MIRROR
#      (default: the Debian mirror apt uses here), MDR_SMOKE_METRICS_PORT (default: a free port),
#      MDR_SMOKE_STORAGE_DRIVER (overlay if mountable here, else vfs), MDR_SMOKE_VERBOSE=1 (print
#      the daemon's log).
# Needs root (debootstrap, buildah storage). Installs buildah/debootstrap with apt-get if missing.
# A && B || C below is deliberate: B (ok/bah rm/wait/kill/rm) failing may fall through to C.
# shellcheck disable=SC2015
set -euo pipefail
cd "$(dirname "$0")/.."

full=1 keep=0
for arg in "$@"; do
  case "$arg" in
    --full) full=1 ;;
    --quick) full=0 ;;
    --keep) keep=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

SUITE=bookworm
VARIANT=minbase
ARCH="$(dpkg --print-architecture)"
BASE_PACKAGES="openjdk-17-jre-headless ca-certificates"
JAR=target/md-rotator.jar
IMAGE=localhost/md-rotator:smoke
CACHE="${MDR_SMOKE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/md-rotator}"
T0=$SECONDS

log() { printf '[smoke %3ds] %s\n' "$((SECONDS - T0))" "$*"; }
die() { printf '[smoke %3ds] FAIL: %s\n' "$((SECONDS - T0))" "$*" >&2; exit 1; }

# A dedicated store under the cache, so nothing touches the machine's default container storage.
# overlay where the kernel lets us mount it on the cache's filesystem (fast), else vfs (copies
# every layer, but works anywhere, e.g. overlay-on-overlay). MDR_SMOKE_STORAGE_DRIVER overrides.
overlay_mountable() {
  local d rc=1
  d="$(mktemp -d "$CACHE/overlay-probe.XXXXXX")"; mkdir -p "$d"/{l,u,w,m}
  if mount -t overlay overlay -o "lowerdir=$d/l,upperdir=$d/u,workdir=$d/w" "$d/m" 2>/dev/null; then
    umount "$d/m"; rc=0
  fi
  rm -rf "$d"; return $rc
}
BAH_OPTS=()
bah() { buildah "${BAH_OPTS[@]}" "$@"; }

ensure_tools() {
  local missing=()
  command -v buildah >/dev/null || missing+=(buildah)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v curl >/dev/null || missing+=(curl)
  command -v pgrep >/dev/null || missing+=(procps)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
  fi
  [[ $(id -u) -eq 0 ]] || die "needs root (debootstrap and buildah storage)"
  [[ -f "$JAR" ]] || die "$JAR missing: run 'mvn -B -ntp package' first"
}

# The Debian mirror apt uses here (deb822 URIs: or one-line deb), since only Debian's servers are
# reachable; MDR_DEBIAN_MIRROR overrides.
debian_mirror() {
  if [[ -n "${MDR_DEBIAN_MIRROR:-}" ]]; then echo "$MDR_DEBIAN_MIRROR"; return; fi
  local m
  m="$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
        | sed -n -e 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\/\{0,1\}\)$/\1/p' \
                 -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]*\/debian\/\{0,1\}\)[[:space:]]\+'"$SUITE"'[[:space:]].*/\2/p' \
        | head -n 1)"
  echo "${m:-http://deb.debian.org/debian}"
}

# Removes a debootstrap target, first unmounting anything an interrupted run left mounted in it
# (/proc, /sys), and never crossing into another filesystem.
remove_rootfs() {
  awk -v r="$1/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n 1 umount -l
  rm -rf --one-file-system "$1"
}

# Ensures localhost/md-rotator-base:<key> exists; prints its name.
ensure_base_image() {
  local key tarball image rootfs ctr
  key="$(printf '%s\n' "$SUITE" "$VARIANT" "$ARCH" "$BASE_PACKAGES" | sha256sum | cut -c1-16)"
  tarball="$CACHE/base-$SUITE-$key.tar"
  image="localhost/md-rotator-base:$key"
  if bah inspect --type image "$image" >/dev/null 2>&1; then
    log "base image $image: cached in store" >&2; echo "$image"; return
  fi
  if [[ ! -s "$tarball" ]]; then
    local mirror; mirror="$(debian_mirror)"
    rootfs="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
    log "debootstrap $SUITE ($VARIANT, $ARCH) + ${BASE_PACKAGES// /,} from $mirror" >&2
    debootstrap --variant="$VARIANT" --arch="$ARCH" --include="${BASE_PACKAGES// /,}" \
      "$SUITE" "$rootfs" "$mirror" > "$CACHE/debootstrap.log" 2>&1 \
      || { tail -n 30 "$CACHE/debootstrap.log" >&2; remove_rootfs "$rootfs"; die "debootstrap failed"; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/info
    tar --numeric-owner -C "$rootfs" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    remove_rootfs "$rootfs"
    log "rootfs cached: $tarball ($(du -h "$tarball" | cut -f1))" >&2
  else
    log "rootfs tarball cached: $tarball" >&2
  fi
  ctr="$(bah from scratch)"
  bah add --quiet "$ctr" "$tarball" / >/dev/null
  bah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd '["/bin/sh"]' "$ctr"
  bah commit --quiet --format docker --rm "$ctr" "$image" >/dev/null
  log "base image $image imported" >&2
  echo "$image"
}

inspect() { bah inspect --type image --format "$1" "$IMAGE"; }

# One array field of the image config, elements joined by '|'.
inspect_list() { inspect "{{range $1}}{{println .}}{{end}}" | paste -sd'|' -; }

check_image_config() {
  local user healthcheck entrypoint cmd env labels
  user="$(inspect '{{.Docker.Config.User}}')"
  healthcheck="$(inspect '{{if .Docker.Config.Healthcheck}}{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}{{end}}' | paste -sd'|' -)"
  entrypoint="$(inspect_list .Docker.Config.Entrypoint)"
  cmd="$(inspect_list .Docker.Config.Cmd)"
  env="$(inspect '{{range .Docker.Config.Env}}{{println .}}{{end}}')"
  # shellcheck disable=SC2016  # a Go template, not shell
  labels="$(inspect '{{range $k, $v := .Docker.Config.Labels}}{{println $k}}{{end}}')"
  [[ "$user" =~ ^[1-9][0-9]*(:[1-9][0-9]*)?$ ]] || die "image user must be a fixed non-root UID, got '$user'"
  [[ "$entrypoint" == 'java|-jar|/opt/md-rotator/md-rotator.jar' ]] || die "unexpected ENTRYPOINT $entrypoint"
  [[ "$cmd" == 'run|--config|/etc/md-rotator/md-rotator.yaml' ]] || die "unexpected CMD $cmd"
  [[ "$healthcheck" == 'CMD|'*'|health' ]] || die "HEALTHCHECK must be exec form ending in 'health', got '$healthcheck'"
  [[ "$healthcheck" != *curl* ]] || die "HEALTHCHECK must not need curl"
  grep -q '^JAVA_TOOL_OPTIONS=.*-XX:MaxRAMPercentage=75.*-XX:+ExitOnOutOfMemoryError' <<<"$env" \
    || die "JAVA_TOOL_OPTIONS missing MaxRAMPercentage=75/ExitOnOutOfMemoryError"
  ! grep -Eiq '^[^=]*(TOKEN|SECRET|PASSWORD|ROLE_ID)[^=]*=' <<<"$env" || die "secret-looking ENV in image"
  for l in title description version revision licenses; do
    grep -qx "org.opencontainers.image.$l" <<<"$labels" || die "missing OCI label org.opencontainers.image.$l"
  done
  log "image config ok: user $user, entrypoint $entrypoint, cmd $cmd, healthcheck $healthcheck"
}

# Runs argv inside a fresh working container of the image, as the image's user and env.
in_image() { bah run --isolation chroot "$CTR" -- "$@"; }

# What works today: the ENTRYPOINT answers --version, runs as the image UID, JVM flags apply.
check_entrypoint_version() {
  local out uid flags expected_version
  mapfile -t ENTRYPOINT < <(inspect '{{range .Docker.Config.Entrypoint}}{{println .}}{{end}}')
  expected_version="$(java -jar "$JAR" --version 2>/dev/null | tail -n 1)"
  out="$(in_image "${ENTRYPOINT[@]}" --version 2>/dev/null | tail -n 1)"
  [[ -n "$out" && "$out" == "$expected_version" ]] \
    || die "entrypoint --version printed '$out', expected '$expected_version'"
  log "entrypoint --version: $out"
  uid="$(in_image id -u)"
  [[ "$uid" == "$(inspect '{{.Docker.Config.User}}' | cut -d: -f1)" && "$uid" != 0 ]] \
    || die "container runs as uid '$uid'"
  log "runs as uid $uid"
  in_image test ! -w /opt/md-rotator/md-rotator.jar || die "the jar is writable by the runtime user"
  log "jar not writable by uid $uid"
  flags="$(in_image java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -E ' (MaxRAMPercentage|ExitOnOutOfMemoryError) ')"
  grep -Eq 'MaxRAMPercentage += 75' <<<"$flags" && grep -Eq 'ExitOnOutOfMemoryError += true' <<<"$flags" \
    || die "JAVA_TOOL_OPTIONS not in effect: $flags"
  log "JAVA_TOOL_OPTIONS in effect (MaxRAMPercentage=75, ExitOnOutOfMemoryError)"
}

# Class-data sharing: the image ships the archive JAVA_TOOL_OPTIONS maps, made at build time.
# As the runtime user, the first `md-rotator cds` finds it current (nothing to create), a JVM with
# -Xshare:on (which refuses to start without a usable archive) maps it, and the archive and its
# stamp are readable but not writable. A JVM with other flags finds it stale and cannot replace it
# (the directory is root's): `cds` exits 1 with one "cannot create" line and leaves it as it was,
# as the daemon's background check does in that case. One shell in one container.
check_cds_archive() {
  local archive out
  archive="$(inspect '{{range .Docker.Config.Env}}{{println .}}{{end}}' \
    | sed -n 's/^JAVA_TOOL_OPTIONS=.*-XX:SharedArchiveFile=\([^ ]*\).*/\1/p')"
  [[ -n "$archive" ]] || die "JAVA_TOOL_OPTIONS maps no class-data archive (-XX:SharedArchiveFile=)"
  out="$(in_image sh -c 'set -e
    a="$1"
    java -jar /opt/md-rotator/md-rotator.jar cds
    java -Xshare:on -jar /opt/md-rotator/md-rotator.jar --version >/dev/null
    echo "xshare-on ok"
    for f in "$a" "$a.stamp"; do
      test -r "$f" && test -s "$f" || { echo "unreadable or empty: $f"; exit 1; }
      test ! -w "$f" || { echo "writable: $f"; exit 1; }
    done
    test ! -w "$(dirname "$a")" || { echo "writable: $(dirname "$a")"; exit 1; }
    echo "permissions ok"
    rc=0; java -Xss1m -jar /opt/md-rotator/md-rotator.jar cds || rc=$?
    echo "stale rc=$rc"
    java -jar /opt/md-rotator/md-rotator.jar cds' sh "$archive" 2>&1)" \
    || { printf '%s\n' "$out" >&2; die "class-data archive $archive not shipped current or not usable"; }
  [[ "$(grep -c "cds: $archive is current" <<<"$out")" -eq 2 ]] \
    || { printf '%s\n' "$out" >&2; die "md-rotator cds did not find the shipped $archive current (before and after the stale call)"; }
  ! grep -q "cds: created" <<<"$out" || { printf '%s\n' "$out" >&2; die "md-rotator cds created an archive at run time"; }
  grep -q "xshare-on ok" <<<"$out" || die "a JVM with -Xshare:on could not map $archive"
  grep -q "permissions ok" <<<"$out" || { printf '%s\n' "$out" >&2; die "$archive or its stamp not readable, or writable, by the runtime user"; }
  grep -q "stale rc=1" <<<"$out" \
    && [[ "$(grep -c "cds: cannot create $archive" <<<"$out")" -eq 1 ]] \
    && grep -qF "cds: cannot create $archive: $(dirname "$archive") is not writable by this user" <<<"$out" \
    || { printf '%s\n' "$out" >&2; die "md-rotator cds with other flags did not fail with one 'cannot create $archive: ... not writable' line"; }
  log "class-data archive $archive shipped in the image: current on the first call as uid $(inspect '{{.Docker.Config.User}}'), mapped with -Xshare:on, read-only; other flags: one 'cannot create' line, exit 1, archive kept"
}

# Random hex, the shape of a secret nobody can guess (and so grep for without false hits).
random_hex() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

# A TCP port on 127.0.0.1 nothing listens on (MDR_SMOKE_METRICS_PORT overrides).
free_port() {
  if [[ -n "${MDR_SMOKE_METRICS_PORT:-}" ]]; then echo "$MDR_SMOKE_METRICS_PORT"; return; fi
  local p _
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  die "no free port found for the metrics listener"
}

# Waits until an emulator started with --port 0 prints its base URL on the first line of $1.
emulator_url() {
  local log="$1" pid="$2" deadline=$((SECONDS + 60)) url
  while ((SECONDS < deadline)); do
    url="$(head -n 1 "$log" 2>/dev/null)"
    [[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] && { echo "$url"; return; }
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "emulator exited: $log"; }
    sleep 0.5
  done
  die "emulator printed no URL within 60 s: $log"
}

# --full: the daemon config and policy in the real schema (src/main/resources/io/mdrotator/config/
# config.schema.json, docs/policy.md), mounted read-only at /etc/md-rotator. Secrets come the way
# the systemd unit passes them: $CREDENTIALS_DIRECTORY/<credential id>, files owned by the service
# user, mode 0400 (systemd's own layout). Vault auth is `token` because the Vault emulator's CLI
# has no AppRole set-up; the admin token uses the unit's `motherduck-admin-token` id.
# Short TTL (emulator --relaxed-ttl + allowShortTtl) so a second rotation and the revocation of
# the superseded token happen within seconds.
write_full_config() {
  local etc="$1" creds="$2"
  mkdir -p "$etc" "$creds"
  cat > "$etc/md-rotator.yaml" <<EOF
policyFile: policy.yaml
motherduck:
  apiUrl: $MD_URL
  adminToken: {credential: motherduck-admin-token}
  requestTimeout: 5s
  allowShortTtl: true
vault:
  address: $VAULT_URL
  auth:
    method: token
    token: {credential: vault-token}
metrics:
  listen: 127.0.0.1:$METRICS_PORT
scheduler:
  threads: 2
  resyncInterval: 30s
logging:
  format: console
EOF
  cat > "$etc/policy.yaml" <<'EOF'
version: 1
defaults:
  ttl: 8s
  renewBefore: 50%
  gracePeriod: 2s
accounts:
  - username: smoke_sa
    slots:
      - name: app
        token_type: read_write
EOF
  chmod 0755 "$etc"; chmod 0644 "$etc"/*.yaml
  chown -R "$IMAGE_UID:$IMAGE_GID" "$creds"; chmod 0500 "$creds"; chmod 0400 "$creds"/*
}

FULL_PIDS=()
full_cleanup() {
  local pid
  for pid in "${FULL_PIDS[@]}"; do [[ -n "$pid" ]] && kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${FULL_PIDS[@]}"; do [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true; done
  FULL_PIDS=()
}

# Starts argv in its own process group (so we can signal exactly it) with output to $1.
start_bg() { local out="$1"; shift; setsid "$@" > "$out" 2>&1 & FULL_PIDS+=("$!"); }

# Sum of the samples of one metric whose labels match the regex $2 (0 if none).
metric_sum() {
  awk -v m="$1" -v l="$2" '$1 ~ "^" m "\\{" && $1 ~ l { s += $2 } END { printf "%d\n", s }' <<<"$3"
}

# Every token value the Vault emulator holds for the smoke slot (all KV versions), one a line.
issued_tokens() {
  local mount=secret path=motherduck/smoke_sa/app current v hdr=(-H "X-Vault-Token: $VAULT_TOKEN")
  current="$(curl -fsS --max-time 5 "${hdr[@]}" "$VAULT_URL/v1/$mount/metadata/$path" \
    | sed -n 's/.*"current_version":\([0-9]*\).*/\1/p')"
  [[ "$current" =~ ^[0-9]+$ && "$current" -ge 1 ]] || die "no token stored in Vault at $mount/$path"
  for v in $(seq 1 "$current"); do
    # The body has no final newline, and sed would then print none either.
    { curl -fsS --max-time 5 "${hdr[@]}" "$VAULT_URL/v1/$mount/data/$path?version=$v"; echo; } \
      | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
  done
}

check_full_daemon() {
  local work; work="$(mktemp -d)"; WORK_DIRS+=("$work")
  IMAGE_UID="$(inspect '{{.Docker.Config.User}}' | cut -d: -f1)"
  IMAGE_GID="$(inspect '{{.Docker.Config.User}}' | cut -s -d: -f2)"; IMAGE_GID="${IMAGE_GID:-$IMAGE_UID}"
  local creds="$work/credentials" secrets="$work/secrets"
  mkdir -p "$creds" "$secrets"; chmod 0700 "$secrets"
  ADMIN_TOKEN="$(random_hex)" VAULT_TOKEN="hvs.$(random_hex)"
  printf '%s\n' "$ADMIN_TOKEN" > "$secrets/admin-token"
  printf '%s\n' "$VAULT_TOKEN" > "$secrets/vault-root-token"
  cp "$secrets/admin-token" "$creds/motherduck-admin-token"
  cp "$secrets/vault-root-token" "$creds/vault-token"
  start_bg "$work/md-emulator.log" java -jar "$JAR" emulator motherduck --port 0 --relaxed-ttl \
    --accounts smoke_sa --admin-token-file "$secrets/admin-token"
  local md_pid="${FULL_PIDS[-1]}"
  start_bg "$work/vault-emulator.log" java -jar "$JAR" emulator vault --port 0 \
    --root-token-file "$secrets/vault-root-token"
  local vault_pid="${FULL_PIDS[-1]}"
  MD_URL="$(emulator_url "$work/md-emulator.log" "$md_pid")"
  VAULT_URL="$(emulator_url "$work/vault-emulator.log" "$vault_pid")"
  METRICS_PORT="$(free_port)"
  write_full_config "$work/etc" "$creds"
  local base="http://127.0.0.1:$METRICS_PORT"
  mapfile -t ENTRYPOINT < <(inspect '{{range .Docker.Config.Entrypoint}}{{println .}}{{end}}')
  mapfile -t CMD < <(inspect '{{range .Docker.Config.Cmd}}{{println .}}{{end}}')
  mapfile -t HEALTH < <(inspect '{{if .Docker.Config.Healthcheck}}{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}{{end}}')
  # buildah's chroot isolation shares the host's network namespace, so the emulators and the
  # metrics listener on 127.0.0.1 are reachable from the container, the probe container and here.
  start_bg "$work/daemon.log" buildah "${BAH_OPTS[@]}" run --isolation chroot --network host \
    -v "$work/etc:/etc/md-rotator:ro" \
    -v "$creds:/run/credentials/md-rotator.service:ro" \
    --env CREDENTIALS_DIRECTORY=/run/credentials/md-rotator.service \
    "$CTR" -- "${ENTRYPOINT[@]}" "${CMD[@]}"
  local daemon_pid="${FULL_PIDS[-1]}" deadline=$((SECONDS + 90)) healthy=0
  # The probe runs in a second container of the image: concurrent `buildah run`s in one
  # container would share, and unmount, its root filesystem.
  PROBE_CTR="$(bah from --pull=never "$IMAGE")"
  log "daemon started (MotherDuck emulator $MD_URL, Vault emulator $VAULT_URL, metrics :$METRICS_PORT);" \
      "polling the HEALTHCHECK command"
  while ((SECONDS < deadline)); do
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log" >&2; die "daemon exited early"; }
    if bah run --isolation chroot --network host "$PROBE_CTR" -- "${HEALTH[@]:1}" \
        --url "$base/readyz" >/dev/null 2>&1; then
      healthy=1; break
    fi
    sleep 1
  done
  ((healthy)) || { tail -n 50 "$work/daemon.log" >&2; die "not ready within 90 s"; }
  log "image HEALTHCHECK command reports ready: $(curl -fsS --max-time 5 "$base/readyz" | head -c 120)..."

  # A full cycle: two rotations and the superseded token revoked after the 2 s grace period.
  local metrics rotations=0 revoked=0 failed
  deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    metrics="$(curl -fsS --max-time 5 "$base/metrics")" || die "GET /metrics failed"
    rotations="$(metric_sum mdrotator_rotations_total 'result="success"' "$metrics")"
    revoked="$(metric_sum mdrotator_revocations_total 'reason="superseded".*result="success"|result="success".*reason="superseded"' "$metrics")"
    ((rotations >= 2 && revoked >= 1)) && break
    sleep 1
  done
  ((rotations >= 2 && revoked >= 1)) || { grep '^mdrotator_' <<<"$metrics" >&2; tail -n 30 "$work/daemon.log" >&2
    die "no full rotation cycle within 60 s (rotations ok $rotations, superseded revocations ok $revoked)"; }
  failed="$(metric_sum mdrotator_rotations_total 'result="failure"' "$metrics")"
  ((failed == 0)) || die "mdrotator_rotations_total{result=\"failure\"} is $failed"
  grep -q '^mdrotator_build_info' <<<"$metrics" || die "/metrics lacks mdrotator_build_info"
  log "/metrics: $(grep -c '^# TYPE mdrotator_' <<<"$metrics") mdrotator_ families," \
      "rotations success=$rotations failure=0, superseded revocations success=$revoked"

  # No secret anywhere we can read: admin token, Vault token, every token ever issued to the slot.
  local tokens needle leaks=0
  mapfile -t tokens < <(issued_tokens)
  ((${#tokens[@]} >= 2)) || die "expected >= 2 issued tokens in Vault, found ${#tokens[@]}"
  curl -fsS --max-time 5 "$base/readyz" > "$work/readyz.json" || true
  printf '%s\n' "$metrics" > "$work/metrics.txt"
  for needle in "$ADMIN_TOKEN" "$VAULT_TOKEN" "${tokens[@]}"; do
    [[ -n "$needle" ]] || die "empty secret in the leak check"
    grep -qF -- "$needle" "$work/daemon.log" "$work/metrics.txt" "$work/readyz.json" && leaks=$((leaks + 1))
  done
  ((leaks == 0)) || die "$leaks secret(s) found in the container log, /metrics or /readyz"
  log "no secret (admin token, Vault token, ${#tokens[@]} issued tokens) in the container log, /metrics or /readyz"

  # SIGTERM to the JVM alone, as an engine signals the container's PID 1 (buildah itself would
  # answer SIGTERM by killing its child). The JVM is the java process in our own process group.
  local jvm; jvm="$(pgrep -g "$daemon_pid" -x java | head -n 1)"
  [[ -n "$jvm" ]] || die "no JVM found in the daemon's process group $daemon_pid"
  local jvm_uid; jvm_uid="$(ps -o uid= -p "$jvm" | tr -d ' ')"
  [[ "$jvm_uid" == "$IMAGE_UID" ]] || die "daemon JVM runs as uid $jvm_uid, image user is $IMAGE_UID"
  log "daemon JVM (pid $jvm) runs as uid $jvm_uid"
  kill -TERM "$jvm"
  local t=$SECONDS rc=0
  while kill -0 "$daemon_pid" 2>/dev/null && ((SECONDS - t < 45)); do sleep 0.5; done
  kill -0 "$daemon_pid" 2>/dev/null && die "daemon still running 45 s after SIGTERM"
  wait "$daemon_pid" || rc=$?
  FULL_PIDS=("${FULL_PIDS[@]/$daemon_pid}")
  [[ $rc -eq 143 ]] || { tail -n 30 "$work/daemon.log" >&2; die "daemon exit status $rc after SIGTERM, expected 143"; }
  log "daemon stopped on SIGTERM in $((SECONDS - t)) s (exit status $rc)"
  [[ "${MDR_SMOKE_VERBOSE:-0}" == 1 ]] && sed 's/^/[daemon] /' "$work/daemon.log"
  full_cleanup
}

final_check() {
  check_entrypoint_version
  check_cds_archive
  if ((full)); then check_full_daemon; fi
}

WORK_DIRS=()
CTR="" PROBE_CTR=""
cleanup() {
  full_cleanup
  if ((keep == 0)); then
    [[ -n "$CTR" ]] && bah rm "$CTR" >/dev/null 2>&1 || true
    [[ -n "$PROBE_CTR" ]] && bah rm "$PROBE_CTR" >/dev/null 2>&1 || true
  fi
  ((keep)) || bah rmi "$IMAGE" >/dev/null 2>&1 || true
  ((${#WORK_DIRS[@]})) && rm -rf "${WORK_DIRS[@]}" || true
}
trap cleanup EXIT

mkdir -p "$CACHE"
ensure_tools
DRIVER="${MDR_SMOKE_STORAGE_DRIVER:-$(overlay_mountable && echo overlay || echo vfs)}"
BAH_OPTS=(--root "$CACHE/storage-$DRIVER" --runroot "$CACHE/runroot-$DRIVER" --storage-driver "$DRIVER")
log "buildah store: $CACHE/storage-$DRIVER ($DRIVER)"
base="$(ensure_base_image)"
log "building $IMAGE from Dockerfile on $base"
bah build --quiet --isolation chroot --format docker --pull=never --layers=false \
  --build-arg "JRE_IMAGE=$base" --build-arg "VERSION=$(java -jar "$JAR" --version 2>/dev/null | awk '{print $NF}')" \
  --build-arg "REVISION=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  -t "$IMAGE" -f Dockerfile . >/dev/null
log "image built"
check_image_config
CTR="$(bah from --pull=never "$IMAGE")"
final_check
log "container smoke passed ($( ((full)) && echo full || echo quick ) mode) in $((SECONDS - T0)) s"
