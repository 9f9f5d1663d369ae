# md-rotator runtime image. Build the jar first (mvn -B package), then:
#   docker build -t md-rotator .                       (or: buildah build --format docker ...)
# The JRE base is a build argument; any image with `java` 17+ on PATH works
# (scripts/container-smoke.sh uses a Debian bookworm rootfs with openjdk-17-jre-headless).
# No secrets are baked in: mount the config at /etc/md-rotator and pass secrets as files
# (e.g. Docker/Kubernetes secrets) that the config names.
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

ARG VERSION=dev
ARG REVISION=unknown
# SPDX expression; the project has not declared a license yet.
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="md-rotator" \
      org.opencontainers.image.description="Rotates MotherDuck service-account tokens into HashiCorp Vault KV v2" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.vendor="md-rotator"

# JAVA_TOOL_OPTIONS applies to every JVM in the container, the health check's included. The heap
# follows the container's memory limit; the other flags are the systemd unit's (docs/deployment.md
# "JVM flags": serial collector, a heap that gives memory back, C1 only). Like the unit, no heap dump
# on OutOfMemoryError: a dump holds every secret in memory (DaemonFlagsTest keeps the two in step).
# Class-data sharing (docs/deployment.md "Class-data sharing"): every JVM maps
# /opt/md-rotator/md-rotator.jsa, which the RUN below bakes into the image, so every start of every
# container (the daemon, the health check, exec'd validate and plan) maps a current archive.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=/opt/md-rotator/md-rotator.jsa" \
    LANG=C.UTF-8

# Root-owned and not writable by the runtime user.
COPY target/md-rotator.jar /opt/md-rotator/md-rotator.jar

# The class-data archive, made at build time by this image's java with the JAVA_TOOL_OPTIONS above
# and this jar (`md-rotator cds`: a training JVM against the built-in emulators on loopback, no
# network and no credential), as root before USER: /opt/md-rotator/md-rotator.jsa, .jsa.stamp and
# .jsa.log, readable and not writable by the runtime user. The archive is current only for these
# flags, this jar and this java; the daemon's background check then finds it current and does
# nothing. A build where it cannot be made fails here. Exec form: the base needs no shell.
RUN ["java", "-jar", "/opt/md-rotator/md-rotator.jar", "cds"]

# Fixed non-root UID/GID without an /etc/passwd entry (no useradd step); HOME points at a
# writable scratch directory.
ENV HOME=/tmp
USER 10001:10001
WORKDIR /tmp

# Metrics and health; the container config must bind 0.0.0.0 to publish them (default 127.0.0.1).
EXPOSE 9464

# Exec form, no shell and no curl: the jar's own health client probes /readyz. The first probe
# runs after one interval, so JVM start-up needs no --start-period (which dockerfilelint rejects).
HEALTHCHECK --interval=30s --timeout=10s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:MaxRAMPercentage=10", "-jar", "/opt/md-rotator/md-rotator.jar", "health"]

# Exec form: the JVM is PID 1 and receives SIGTERM directly (in-flight rotations drain ~30 s,
# so give `docker stop` a longer timeout, e.g. --stop-timeout 45).
ENTRYPOINT ["java", "-jar", "/opt/md-rotator/md-rotator.jar"]
CMD ["run", "--config", "/etc/md-rotator/md-rotator.yaml"]
