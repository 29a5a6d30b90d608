#!/usr/bin/env bash
# Builds the pz-sim Docker image (a simulated Project Zomboid dedicated server) WITHOUT any registry:
# publish src/ZedOps.PzSim (NativeAOT, or self-contained single-file when no clang is around), put the binary and
# the shared libraries ldd lists into a minimal rootfs, and `docker import` it.
#
# Tags: zedops/pz-sim:<version>, zedops/pz-sim:src-<hash of the sources>, zedops/pz-sim:latest.
# Idempotent and cheap to call every test run: when the src-<hash> tag exists, it only re-points the other tags.
# The last line of output is always `image=<repository>:src-<hash>`, the exact image for these sources.
#
# Usage: scripts/build-pz-sim-image.sh [--force]
#   PZ_SIM_VERSION   version tag (default 0.1.0)
#   PZ_SIM_IMAGE     repository name (default zedops/pz-sim)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${PZ_SIM_IMAGE:-zedops/pz-sim}"
version="${PZ_SIM_VERSION:-0.1.0}"
work="$repo/artifacts/pz-sim"
force=0
if [[ "${1:-}" == "--force" ]]; then force=1; fi

say() { echo "[build-pz-sim-image] $*"; }
fail() { echo "[build-pz-sim-image] ERROR: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "the docker CLI is not installed (Debian: apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || fail "the Docker daemon does not answer (start it, e.g. dockerd --host unix:///var/run/docker.sock &)"
command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is not on PATH"

mkdir -p "$work"
# Several test processes may call this at once: build one at a time.
exec 9>"$work/.lock"
flock 9

# The hash covers everything that changes the binary or the image layout.
hash="$(
  cd "$repo"
  { find src/ZedOps.PzSim src/ZedOps.PzFacts -type f -not -path '*/bin/*' -not -path '*/obj/*' -not -name '*.md'
    for f in scripts/build-pz-sim-image.sh Directory.Build.props Directory.Packages.props global.json; do if [[ -f $f ]]; then echo "$f"; fi; done
  } | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12
)"
source_tag="$image:src-$hash"

if [[ $force -eq 0 ]] && docker image inspect "$source_tag" >/dev/null 2>&1; then
  say "up to date: $source_tag exists; tagging $image:$version and $image:latest"
  docker tag "$source_tag" "$image:$version"
  docker tag "$source_tag" "$image:latest"
  echo "image=$source_tag"
  exit 0
fi

started=$SECONDS
publish="$work/publish"
rootfs="$work/rootfs"
rm -rf "$publish" "$rootfs"

clang="$(command -v clang || compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -1 || true)"
if [[ -n "$clang" ]] && command -v "$clang" >/dev/null 2>&1; then
  say "publishing NativeAOT with $clang"
  if ! dotnet publish "$repo/src/ZedOps.PzSim" -c Release -r linux-x64 -p:PublishAot=true \
      -p:CppCompilerAndLinker="$clang" -o "$publish" -nologo -v quiet; then
    say "NativeAOT publish failed; falling back to self-contained single-file"
    rm -rf "$publish"
  fi
else
  say "no clang found: NativeAOT needs it; using self-contained single-file instead"
fi
if [[ ! -x "$publish/pz-sim" ]]; then
  dotnet publish "$repo/src/ZedOps.PzSim" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
    -p:PublishTrimmed=true -p:IncludeNativeLibrariesForSelfExtract=false -o "$publish" -nologo -v quiet
fi

say "assembling rootfs in $rootfs"
mkdir -p "$rootfs/opt/pz-sim" "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/steam/Zomboid"
chmod 1777 "$rootfs/tmp"
chmod 0777 "$rootfs/home/steam/Zomboid"
cp "$publish/pz-sim" "$rootfs/opt/pz-sim/"
find "$publish" -maxdepth 1 -name '*.so' -exec cp {} "$rootfs/opt/pz-sim/" \;
for elf in "$rootfs"/opt/pz-sim/*; do
  # ldd prints "name => /path (addr)" or "/path (addr)"; copy each library at its own path.
  ldd "$elf" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
    [[ -f "$lib" ]] || continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
done
if [[ -x /bin/busybox ]]; then
  # A shell for `docker exec` diagnostics (the real image has one); static, so it needs no libraries.
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in sh ls cat ps kill sleep tar du df env grep; do ln -s busybox "$rootfs/bin/$applet"; done
else
  say "no /bin/busybox (Debian: busybox-static): the image will have no shell"
fi
printf 'root:x:0:0:root:/root:/bin/sh\nsteam:x:1000:1000:steam:/home/steam:/bin/sh\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nsteam:x:1000:\n' >"$rootfs/etc/group"

say "importing $source_tag"
tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -c . | docker import \
  -c 'ENTRYPOINT ["/opt/pz-sim/pz-sim"]' \
  -c 'ENV PATH=/bin:/opt/pz-sim ZOMBOID_DATA_DIR=/home/steam/Zomboid' \
  -c 'WORKDIR /home/steam' \
  -c 'EXPOSE 16261/udp 16262/udp 27015/tcp' \
  -c "LABEL org.zedops.pz-sim.source-hash=$hash org.zedops.pz-sim.version=$version" \
  -m "pz-sim $version (sources $hash)" - "$source_tag" >/dev/null
docker tag "$source_tag" "$image:$version"
docker tag "$source_tag" "$image:latest"

size="$(docker image inspect "$source_tag" --format '{{.Size}}')"
say "built $image:$version ($source_tag, latest): $((size / 1024 / 1024)) MB in $((SECONDS - started)) s"

# Earlier source builds are only disk now (a rebuild takes seconds); drop their tags.
for old in $(docker images "$image" --format '{{.Tag}}' | grep '^src-' | grep -vx "src-$hash" || true); do
  say "removing outdated $image:$old"
  docker rmi "$image:$old" >/dev/null 2>&1 || true
done
echo "image=$source_tag"
