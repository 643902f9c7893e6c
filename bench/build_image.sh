#!/usr/bin/env bash
# Builds the connector image with podman, offline, and smoke-tests it with `spec`. Safe to re-run: the base
# image, the rootfs and the wheelhouse are reused while their inputs are unchanged.
#
#   bench/build_image.sh                       # local Debian base + host wheelhouse (works without Docker Hub)
#   BASE_IMAGE=docker.io/airbyte/python-connector-base:4.0.2@sha256:... bench/build_image.sh   # real base
#
# Environment:
#   IMAGE        tag to build (default localhost/sourcejiraoctopus/source-jira-octopus:dev)
#   BASE_IMAGE   base to build FROM; unset = build/import the local Debian bookworm base below
#   OFFLINE      1 (default): install from build/wheelhouse with --no-index and build with --network none;
#                0: let pip inside the build use the package index (fails on this sandbox: TLS)
#   PYTHON       host interpreter for `pip wheel` (default .venv/bin/python, same 3.11 ABI as the image)
#
# Needs (Debian): apt-get install -y podman buildah runc debootstrap
# Why the flags: on this hybrid-cgroup VM crun cannot start containers; runc with explicit ulimits can.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${IMAGE:-localhost/sourcejiraoctopus/source-jira-octopus:dev}"
OFFLINE="${OFFLINE:-1}"
PYTHON="${PYTHON:-.venv/bin/python}"
LOCAL_BASE="localhost/airbyte-python-connector-base-local:bookworm"
WORK_DIR="build/image"
WHEELHOUSE="build/wheelhouse"
RUN_FLAGS=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

log() { printf '[build_image] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

timed() {  # timed <label> <command...>: runs the command, prints how long it took
  local label="$1" start="$EPOCHREALTIME"; shift
  "$@"
  awk -v label="$label" -v start="$start" -v end="$EPOCHREALTIME" \
    'BEGIN { printf "[build_image] timing %-14s %7.1f s\n", label, end - start }' >&2
}

require_tools() {
  local missing=()
  for tool in podman sha256sum awk; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ -z "${BASE_IMAGE:-}" ] && ! podman image exists "$LOCAL_BASE" 2>/dev/null; then
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    [ "$(id -u)" = 0 ] || die "making the local base needs root (debootstrap, chroot); or set BASE_IMAGE"
  fi
  [ ${#missing[@]} -eq 0 ] \
    || die "missing ${missing[*]}; on Debian: apt-get update && apt-get install -y podman buildah runc debootstrap"
  for file in pyproject.toml README.md main.py source_jira_octopus/spec.json source_jira_octopus/run.py; do
    [ -e "$file" ] || die "build context incomplete: $file is missing"
  done
}

make_rootfs() {  # Debian bookworm with Python 3.11, shaped like airbyte/python-connector-base
  local rootfs="$WORK_DIR/rootfs"
  if [ ! -f "$rootfs/.complete" ]; then
    rm -rf "$rootfs"
    mkdir -p "$WORK_DIR"
    debootstrap --variant=minbase \
      --include=python3,python3-venv,python3-pip,python-is-python3,ca-certificates \
      bookworm "$rootfs" http://deb.debian.org/debian >"$WORK_DIR/debootstrap.log" 2>&1 \
      || die "debootstrap failed, see $WORK_DIR/debootstrap.log"
    touch "$rootfs/.complete"
  fi
  # The upstream base is python:3.11-slim (pip may install system-wide) with user airbyte (uid 1000).
  rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
  chroot "$rootfs" sh -c 'id airbyte >/dev/null 2>&1 || useradd --uid 1000 --create-home --shell /bin/bash airbyte'
  mkdir -p "$rootfs/airbyte/integration_code" "$rootfs/config" "$rootfs/secrets"
  chroot "$rootfs" chown airbyte:airbyte /airbyte /config /secrets
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
}

import_local_base() {
  if podman image exists "$LOCAL_BASE"; then
    log "base image $LOCAL_BASE already present"
    return
  fi
  timed debootstrap make_rootfs
  timed import sh -c "tar -C '$WORK_DIR/rootfs' --exclude=./.complete -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PYTHONUNBUFFERED=1' --change 'CMD [\"python\"]' - '$LOCAL_BASE' >/dev/null"
}

build_wheelhouse() {  # every locked distribution, hash-checked; the image installs only the runtime subset
  local stamp="$WHEELHOUSE/.inputs-sha256" want
  want=$(sha256sum requirements-dev.lock | cut -d" " -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "wheelhouse up to date ($(find "$WHEELHOUSE" -name '*.whl' | wc -l) wheels)"
    return
  fi
  rm -rf "$WHEELHOUSE"
  "$PYTHON" -m pip wheel --quiet --disable-pip-version-check --require-hashes --no-deps \
    -r requirements-dev.lock -w "$WHEELHOUSE" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  echo "$want" >"$stamp"
  log "wheelhouse: $(find "$WHEELHOUSE" -name '*.whl' | wc -l) wheels, $(du -sh "$WHEELHOUSE" | cut -f1)"
}

build_image() {
  local previous args=(-t "$IMAGE" -f Dockerfile "${RUN_FLAGS[@]}")
  previous=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
  args+=(--build-arg "BASE_IMAGE=${BASE_IMAGE:-$LOCAL_BASE}")
  if [ "$OFFLINE" = 1 ]; then
    args+=(--network none --build-arg "WHEELHOUSE=$WHEELHOUSE")
  fi
  podman build "${args[@]}" . >"$WORK_DIR/podman-build.log" 2>&1 \
    || { tail -30 "$WORK_DIR/podman-build.log" >&2; die "podman build failed, see $WORK_DIR/podman-build.log"; }
  # Drop the image this tag pointed to before, so rebuilds do not pile up untagged 500 MB images.
  if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect --format '{{.Id}}' "$IMAGE")" ]; then
    podman rmi "$previous" >/dev/null 2>&1 || true
  fi
}

smoke_test() {
  podman run --rm "${RUN_FLAGS[@]}" --network none "$IMAGE" spec >"$WORK_DIR/spec-output.jsonl" \
    || die "'spec' failed in the image"
  grep -q '"type": *"SPEC"' "$WORK_DIR/spec-output.jsonl" || die "'spec' printed no SPEC message"
}

main() {
  require_tools
  mkdir -p "$WORK_DIR"
  local start="$SECONDS"
  if [ -z "${BASE_IMAGE:-}" ]; then import_local_base; fi
  if [ "$OFFLINE" = 1 ]; then timed wheelhouse build_wheelhouse; fi
  timed "podman build" build_image
  timed "run spec" smoke_test
  local size_bytes
  size_bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
  log "image $IMAGE: $((size_bytes / 1000000)) MB, labels: $(podman image inspect \
    --format '{{index .Labels "io.airbyte.name"}}:{{index .Labels "io.airbyte.version"}}' "$IMAGE")"
  log "total $((SECONDS - start)) s"
  echo "$IMAGE"
}

main "$@"
