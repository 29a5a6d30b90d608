#!/usr/bin/env bash
# Builds zedtest/busybox:1, the tiny image the agent's Docker tests run, WITHOUT any registry: busybox-static
# from the host in an otherwise empty rootfs, `docker import`ed. Idempotent: does nothing when the image exists.
# Usage: scripts/build-busybox-image.sh   (BUSYBOX_IMAGE overrides the tag)
set -euo pipefail

image="${BUSYBOX_IMAGE:-zedtest/busybox:1}"
say() { echo "[build-busybox-image] $*"; }
fail() { echo "[build-busybox-image] ERROR: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "the docker CLI is not installed (Debian: apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || fail "the Docker daemon does not answer (start it, e.g. dockerd --host unix:///var/run/docker.sock &)"

if docker image inspect "$image" >/dev/null 2>&1; then
  say "up to date: $image exists"
  exit 0
fi

busybox="$(command -v busybox || true)"
[[ -n "$busybox" ]] || fail "busybox is not installed (Debian: apt-get install -y busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
  fail "$busybox is dynamically linked; the image needs a static one (Debian: apt-get install -y busybox-static)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
done
tar -C "$rootfs" -c . | docker import -c 'ENV PATH=/bin' - "$image" >/dev/null
say "built $image"
