#!/usr/bin/env bash
# Builds the manager's Docker image WITHOUT any registry: publish src/ZedOps.Manager self-contained for linux-x64
# (not NativeAOT: Blazor and EF Core need the JIT), put it with the shared libraries it loads, CA certificates, time
# zones, a non-root user and busybox (health check) into rootfs.tar, and `docker build` it with deploy/Dockerfile.
# The native agent builds from scripts/publish-agent.sh (artifacts/agent/<rid>/) go to /opt/zedops/agent/<rid>/, which the
# manager serves to /install.sh and self-updates (ZEDOPS_AGENT_BINARIES=/opt/zedops/agent in the image).
#
# Tags: zedops/manager:<version>, zedops/manager:src-<hash of the sources>, zedops/manager:latest.
# Idempotent and cheap to call every test run: when the src-<hash> tag exists, it only re-points the other tags.
# The last line of output is always `image=<repository>:src-<hash>`, the exact image for these sources.
#
# Usage: scripts/build-manager-image.sh [--force]
#   MANAGER_VERSION   version tag (default 0.1.0)
#   MANAGER_IMAGE     repository name (default zedops/manager)
#   ZEDOPS_AGENT_BINARIES  folder of agent builds to include, one <rid>/ each (default artifacts/agent; none: no agent)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${MANAGER_IMAGE:-zedops/manager}"
version="${MANAGER_VERSION:-0.1.0}"
agent_root="$(realpath -m "${ZEDOPS_AGENT_BINARIES:-$repo/artifacts/agent}")"
work="$repo/artifacts/manager-image"
uid=10001
force=0
if [[ "${1:-}" == "--force" ]]; then force=1; fi

say() { echo "[build-manager-image] $*"; }
fail() { echo "[build-manager-image] ERROR: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "the docker CLI is not installed (Debian: apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || fail "the Docker daemon does not answer (start it, e.g. dockerd --host unix:///var/run/docker.sock &)"
command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is not on PATH"
busybox="$(command -v busybox || true)"
[[ -n "$busybox" ]] && ! ldd "$busybox" >/dev/null 2>&1 || fail "a static busybox is needed for the health check (Debian: apt-get install -y busybox-static)"
[[ -f /etc/ssl/certs/ca-certificates.crt ]] || fail "no /etc/ssl/certs/ca-certificates.crt (Debian: apt-get install -y ca-certificates)"
[[ -d /usr/share/zoneinfo ]] || fail "no /usr/share/zoneinfo (backup schedules need time zones; Debian: apt-get install -y tzdata)"

mkdir -p "$work"
# test.sh and the end-to-end test may both call this: build one at a time.
exec 9>"$work/.lock"
flock 9

# A build counts when it is complete as the manager sees it: the binary and its SHA256SUMS.
agent_rids=()
for rid in linux-x64 linux-arm64; do
  if [[ -x "$agent_root/$rid/zedops-agent" && -f "$agent_root/$rid/SHA256SUMS" ]]; then agent_rids+=("$rid"); fi
done
if [[ ${#agent_rids[@]} -eq 0 ]]; then
  say "no agent build in $agent_root (scripts/publish-agent.sh makes one): the image will serve no agent to install"
fi

# The hash covers everything that changes the published manager, the agent files or the image layout.
hash="$(
  cd "$repo"
  { find src/ZedOps.Manager src/ZedOps.Protocol -type f -not -path '*/bin/*' -not -path '*/obj/*' -not -name '*.md'
    for f in scripts/build-manager-image.sh deploy/Dockerfile Directory.Build.props Directory.Packages.props global.json nuget.config; do
      if [[ -f $f ]]; then echo "$f"; fi
    done
  } | LC_ALL=C sort | xargs sha256sum
  for rid in "${agent_rids[@]}"; do (cd "$agent_root" && find "$rid" -type f | LC_ALL=C sort | xargs sha256sum); done
)"
hash="$(sha256sum <<<"$hash" | cut -c1-12)"
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
context="$work/context"
rm -rf "$publish" "$rootfs" "$context"

say "publishing src/ZedOps.Manager (self-contained, linux-x64)"
# A separate artifacts path keeps the RID-specific restore and Release build out of the developer's obj/ and bin/.
dotnet publish "$repo/src/ZedOps.Manager" -c Release -r linux-x64 --self-contained -p:DebugType=none \
  --artifacts-path "$work/build" -o "$publish" -nologo -v quiet
say "published in $((SECONDS - started)) s: $(du -sm "$publish" | cut -f1) MiB"
# Debugger and tracing plumbing (dotnet-dump, LTTng) has no use in the image; liblttng is not there anyway.
rm -f "$publish"/createdump "$publish"/libmscordaccore.so "$publish"/libmscordbi.so "$publish"/libcoreclrtraceptprovider.so

say "assembling rootfs in $rootfs"
mkdir -p "$rootfs"/{bin,etc/ssl/certs,tmp,opt/zedops/agent,usr/share,var/lib/zedops}
chmod 1777 "$rootfs/tmp"
chmod 0700 "$rootfs/var/lib/zedops"
cp -a "$publish" "$rootfs/opt/zedops/manager"
for rid in "${agent_rids[@]}"; do cp -a "$agent_root/$rid" "$rootfs/opt/zedops/agent/"; done

copy_lib() {
  [[ -f "$1" && ! -f "$rootfs$1" ]] || return 0
  mkdir -p "$rootfs$(dirname "$1")"
  cp -L "$1" "$rootfs$1"
}
# What ldd lists, plus what .NET dlopens: OpenSSL (HTTPS, Data Protection's crypto) and GSSAPI (Npgsql asks for GSS
# encryption first; without the library it prints "Cannot load library libgssapi_krb5.so.2" on every connection).
# ICU is not needed: the manager runs with InvariantGlobalization (Directory.Build.props).
libdir="$(dirname "$(ldd "$publish/ZedOps.Manager" | grep -oE '/[^ ]+/libc\.so\.6')")"
dlopened=("$libdir"/libssl.so.3 "$libdir"/libcrypto.so.3)
for lib in "${dlopened[@]}"; do [[ -f "$lib" ]] || fail "$lib is missing (Debian: apt-get install -y libssl3)"; done
if [[ -f "$libdir/libgssapi_krb5.so.2" ]]; then
  dlopened+=("$libdir/libgssapi_krb5.so.2")
else
  say "no libgssapi_krb5.so.2 (Debian: libgssapi-krb5-2): PostgreSQL connections will log that it is missing"
fi
for lib in "${dlopened[@]}"; do copy_lib "$lib"; done
for elf in "$publish/ZedOps.Manager" "$publish"/*.so "${dlopened[@]}"; do
  # ldd prints "name => /path (addr)" or "/path (addr)"; copy each system library at its own path.
  while read -r lib; do
    [[ "$lib" == "$publish"/* ]] || copy_lib "$lib"
  done < <(ldd "$elf" 2>/dev/null | grep -oE '/[^ ]+')
done
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
cp -a /usr/share/zoneinfo "$rootfs/usr/share/"
cp "$busybox" "$rootfs/bin/busybox"
for applet in sh wget ls cat env ps du df; do ln -s busybox "$rootfs/bin/$applet"; done
printf 'root:x:0:0:root:/root:/sbin/nologin\nzedops:x:%s:%s:zedops:/var/lib/zedops:/sbin/nologin\n' "$uid" "$uid" >"$rootfs/etc/passwd"
printf 'root:x:0:\nzedops:x:%s:\n' "$uid" >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

mkdir -p "$context"
# Everything root's but the data directory, which the manager (uid 10001) must own: a new volume copies it.
tar --numeric-owner --owner=0 --group=0 --exclude=./var/lib/zedops -C "$rootfs" -cf "$context/rootfs.tar" .
tar --numeric-owner --owner="$uid" --group="$uid" --no-recursion -C "$rootfs" -rf "$context/rootfs.tar" ./var/lib/zedops

say "building $source_tag with deploy/Dockerfile"
# The legacy builder: FROM scratch needs nothing BuildKit adds, and Debian's docker.io has no buildx.
if ! built="$(DOCKER_BUILDKIT=0 docker build -f "$repo/deploy/Dockerfile" -t "$source_tag" \
    --label "org.opencontainers.image.version=$version" --label "org.zedops.manager.source-hash=$hash" \
    --label "org.zedops.manager.agent-builds=${agent_rids[*]}" \
    "$context" 2>&1)"; then
  echo "$built" >&2
  fail "docker build failed"
fi
docker tag "$source_tag" "$image:$version"
docker tag "$source_tag" "$image:latest"
rm -rf "$rootfs" "$context"   # the publish folder stays for a look; the image has the rest

size="$(docker image inspect "$source_tag" --format '{{.Size}}')"
say "built $image:$version ($source_tag, latest): $((size / 1024 / 1024)) MiB in $((SECONDS - started)) s"

# Earlier source builds are only disk now; drop their tags.
for old in $(docker images "$image" --format '{{.Tag}}' | grep '^src-' | grep -vx "src-$hash" || true); do
  say "removing outdated $image:$old"
  docker rmi "$image:$old" >/dev/null 2>&1 || true
done
echo "image=$source_tag"
