#!/usr/bin/env bash
# Publishes the agent as one self-contained NativeAOT binary (no .NET SDK or runtime needed on the host):
#   artifacts/agent/<rid>/zedops-agent          the agent
#   artifacts/agent/<rid>/libe_sqlite3.so        native SQLite (the restore's integrity check), keep it next to the binary
#   artifacts/agent/<rid>/appsettings.json       log levels (read from next to the binary)
#   artifacts/agent/<rid>/SHA256SUMS             `sha256sum` lines of the three files above: what install.sh checks and
#                                                what the manager signs for self-updates
#   artifacts/agent/<rid>/VERSION                the build's version (`zedops-agent --version`)
# The manager serves this folder (ZEDOPS_AGENT_BINARIES, default artifacts/agent under ./zedops.sh).
# Needs clang/lld (and for linux-arm64 an aarch64 sysroot + cross linker).
# Usage: scripts/publish-agent.sh [linux-x64|linux-arm64] [extra dotnet publish arguments...]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rid="${1:-linux-x64}"
shift || true
case "$rid" in
  linux-x64|linux-arm64) ;;
  *) echo "unsupported runtime '$rid' (linux-x64 or linux-arm64)" >&2; exit 2 ;;
esac
out="$repo/artifacts/agent/$rid"
rm -rf "$out"
dotnet publish "$repo/src/ZedOps.Agent" -c Release -r "$rid" -p:PublishAot=true -o "$out" "$@"
mv "$out/ZedOps.Agent" "$out/zedops-agent"
# Debug symbols and pdbs are not part of the shipped agent.
rm -f "$out"/*.dbg "$out"/*.pdb
(cd "$out" && sha256sum zedops-agent libe_sqlite3.so appsettings.json > SHA256SUMS)
if [[ "$rid" == "linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')" ]]; then
  "$out/zedops-agent" --version | awk '{print $2}' > "$out/VERSION"
else
  echo "unknown (cross-built)" > "$out/VERSION"
fi
ls -l "$out"
