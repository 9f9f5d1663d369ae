#!/usr/bin/env bash
# Container smoke test without a Docker engine.
#
#  1. Base image: a minimal Debian bookworm rootfs with openjdk-17-jre-headless (debootstrap),
#     cached as a tarball keyed by suite/arch/variant/package list, imported with buildah.
#  2. Builds ./Dockerfile with buildah (--isolation chroot, docker format so HEALTHCHECK is kept),
#     JRE_IMAGE pointing at that base; context is the Maven-built target/md-rotator.jar only.
#  3. Checks the image config (non-root fixed UID, exec-form ENTRYPOINT/CMD/HEALTHCHECK, labels,
#     JAVA_TOOL_OPTIONS, no secret-looking env), then runs the image's ENTRYPOINT with `buildah run`:
#       default : `<entrypoint> --version`, the effective UID and the JVM flags.
#       --full  : emulators on loopback + config/policy mounted at /etc/md-rotator, the daemon from
#                 the image's ENTRYPOINT+CMD, polled through the image's HEALTHCHECK command,
#                 /metrics fetched with curl, then SIGTERM. Needs `run`/`health` in the jar.
#
# Usage: scripts/container-smoke.sh [--full] [--keep]
#   --keep  leave the built image and working container in the buildah store.
# Env: MDR_SMOKE_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/md-rotator), MDR_DEBIAN_MIRROR
#      (default: the Debian mirror apt uses here), MDR_SMOKE_METRICS_PORT (default 19464),
#      MDR_SMOKE_MD_PORT (18181), MDR_SMOKE_VAULT_PORT (18200), MDR_SMOKE_STORAGE_DRIVER
#      (overlay if mountable here, else vfs).
# Needs root (debootstrap, buildah storage). Installs buildah/debootstrap with apt-get if missing.
# A && B || C below is deliberate: B (ok/bah rm/wait/kill/rm) failing may fall through to C.
# shellcheck disable=SC2015
set -euo pipefail
cd "$(dirname "$0")/.."

full=0 keep=0
for arg in "$@"; do
  case "$arg" in
    --full) full=1 ;;
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

# --full: config for the daemon against loopback emulators. The daemon's config schema is owned by
# the config package; keep this template in step with config/md-rotator.example.yaml.
write_full_config() {
  local dir="$1"
  mkdir -p "$dir/secrets"
  printf 'smoke-admin-token\n' > "$dir/secrets/motherduck-admin-token"
  printf 'smoke-role-id\n' > "$dir/secrets/vault-role-id"
  printf 'smoke-secret-id\n' > "$dir/secrets/vault-secret-id"
  cat > "$dir/md-rotator.yaml" <<EOF
policy: /etc/md-rotator/policy.yaml
motherduck:
  baseUrl: http://127.0.0.1:$MD_PORT
  adminToken:
    file: /etc/md-rotator/secrets/motherduck-admin-token
vault:
  address: http://127.0.0.1:$VAULT_PORT
  approle:
    roleId:
      file: /etc/md-rotator/secrets/vault-role-id
    secretId:
      file: /etc/md-rotator/secrets/vault-secret-id
observability:
  listen: 127.0.0.1:$METRICS_PORT
EOF
  cat > "$dir/policy.yaml" <<'EOF'
accounts:
  - user: smoke_sa
    slots:
      - name: app
        ttl: 1d
        renewBefore: 6h
EOF
  chmod -R a+rX "$dir"
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

check_full_daemon() {
  MD_PORT="${MDR_SMOKE_MD_PORT:-18181}" VAULT_PORT="${MDR_SMOKE_VAULT_PORT:-18200}"
  METRICS_PORT="${MDR_SMOKE_METRICS_PORT:-19464}"
  local work; work="$(mktemp -d)"; WORK_DIRS+=("$work")
  write_full_config "$work/etc"
  start_bg "$work/md-emulator.log" java -jar "$JAR" emulator motherduck --port "$MD_PORT"
  start_bg "$work/vault-emulator.log" java -jar "$JAR" emulator vault --port "$VAULT_PORT"
  mapfile -t ENTRYPOINT < <(inspect '{{range .Docker.Config.Entrypoint}}{{println .}}{{end}}')
  mapfile -t CMD < <(inspect '{{range .Docker.Config.Cmd}}{{println .}}{{end}}')
  mapfile -t HEALTH < <(inspect '{{if .Docker.Config.Healthcheck}}{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}{{end}}')
  start_bg "$work/daemon.log" buildah "${BAH_OPTS[@]}" run --isolation chroot -v "$work/etc:/etc/md-rotator:ro" "$CTR" -- \
    "${ENTRYPOINT[@]}" "${CMD[@]}"
  local daemon_pid="${FULL_PIDS[-1]}" deadline=$((SECONDS + 90)) healthy=0
  # The probe runs in a second container of the image (same host network): concurrent
  # `buildah run`s in one container would share, and unmount, its root filesystem.
  PROBE_CTR="$(bah from --pull=never "$IMAGE")"
  log "daemon started (emulators on 127.0.0.1:$MD_PORT, :$VAULT_PORT); polling the HEALTHCHECK command"
  while ((SECONDS < deadline)); do
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log" >&2; die "daemon exited early"; }
    if bah run --isolation chroot "$PROBE_CTR" -- "${HEALTH[@]:1}" \
        --url "http://127.0.0.1:$METRICS_PORT/readyz" >/dev/null 2>&1; then
      healthy=1; break
    fi
    sleep 2
  done
  ((healthy)) || { tail -n 50 "$work/daemon.log" >&2; die "not ready within 90 s"; }
  log "health (image HEALTHCHECK command) reports ready"
  local metrics; metrics="$(curl -fsS --max-time 5 "http://127.0.0.1:$METRICS_PORT/metrics")" \
    || die "GET /metrics failed"
  grep -q '^# TYPE ' <<<"$metrics" || die "/metrics is not Prometheus text"
  ! grep -q 'smoke-admin-token\|smoke-secret-id' <<<"$metrics" "$work/daemon.log" || die "secret leaked"
  log "/metrics ok ($(grep -c '^# TYPE ' <<<"$metrics") metric families), no secret in metrics or log"
  # SIGTERM to the JVM alone, as an engine signals the container's PID 1 (buildah itself would
  # answer SIGTERM by killing its child). The JVM is the java process in our own process group.
  local jvm; jvm="$(pgrep -g "$daemon_pid" -x java | head -n 1)"
  [[ -n "$jvm" ]] || die "no JVM found in the daemon's process group $daemon_pid"
  local jvm_uid image_uid
  jvm_uid="$(ps -o uid= -p "$jvm" | tr -d ' ')"; image_uid="$(inspect '{{.Docker.Config.User}}' | cut -d: -f1)"
  [[ "$jvm_uid" == "$image_uid" ]] || die "daemon JVM runs as uid $jvm_uid, image user is $image_uid"
  log "daemon JVM (pid $jvm) runs as uid $jvm_uid"
  kill -TERM "$jvm"
  local t=$SECONDS rc=0
  while kill -0 "$daemon_pid" 2>/dev/null && ((SECONDS - t < 45)); do sleep 1; done
  kill -0 "$daemon_pid" 2>/dev/null && die "daemon still running 45 s after SIGTERM"
  wait "$daemon_pid" || rc=$?
  FULL_PIDS=("${FULL_PIDS[@]/$daemon_pid}")
  [[ $rc -eq 0 || $rc -eq 143 ]] || { tail -n 30 "$work/daemon.log" >&2; die "daemon exit status $rc after SIGTERM"; }
  log "daemon stopped on SIGTERM in $((SECONDS - t)) s (exit status $rc)"
  [[ "${MDR_SMOKE_VERBOSE:-0}" == 1 ]] && sed 's/^/[daemon] /' "$work/daemon.log"
  full_cleanup
}

final_check() {
  if ((full)); then check_full_daemon; else check_entrypoint_version; fi
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
log "container smoke passed ($( ((full)) && echo full || echo version ) mode) in $((SECONDS - T0)) s"
