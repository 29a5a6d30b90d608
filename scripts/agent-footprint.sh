#!/usr/bin/env bash
# Measures the native agent's footprint: binary size and idle memory with a connected link.
# Starts a throwaway Release manager on loopback, registers the agent binary against it, waits until the manager
# shows it online, lets it idle, then prints VmRSS / RssAnon / RssFile from /proc/<pid>/status.
# The agent talks to this host's Docker (DOCKER_HOST or the standard socket), as it would on a real host; the count of
# containers there is printed, since each ZedOps container it watches costs a little memory.
# Environment given to this script reaches the agent, so runtime knobs can be compared, e.g.
#   DOTNET_GCgen0size=0x100000 scripts/agent-footprint.sh
# Usage: scripts/agent-footprint.sh [binary (default artifacts/agent/linux-x64/zedops-agent)] [idle seconds (default 60)]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${1:-$repo/artifacts/agent/linux-x64/zedops-agent}"
idle="${2:-60}"
[[ -x "$binary" ]] || { echo "no agent binary at $binary (run scripts/publish-agent.sh first)" >&2; exit 2; }
manager_dll="$repo/src/ZedOps.Manager/bin/Release/net10.0/ZedOps.Manager.dll"
[[ -f "$manager_dll" ]] || dotnet build "$repo/src/ZedOps.Manager" -c Release >/dev/null
work="$(mktemp -d /tmp/zedops-footprint.XXXXXX)"
port=$((20000 + RANDOM % 20000))
url="http://127.0.0.1:$port"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ZEDOPS_DATA_DIR="$work/data" ZEDOPS_ADMIN_PASSWORD=footprint-password-1 \
  dotnet "$manager_dll" --urls "$url" >"$work/manager.log" 2>&1 &
pids+=($!)
api() { curl -fsS -b "$work/jar" -c "$work/jar" -H 'content-type: application/json' -H "Origin: $url" "$@"; }
for _ in $(seq 60); do api -d '{"username":"admin","password":"footprint-password-1"}' "$url/api/auth/login" >/dev/null 2>&1 && break; sleep 1; done
token="$(api -d '{"name":"footprint"}' "$url/api/agents/registration-tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
[[ -n "$token" ]] || { echo "could not get a registration token from $url" >&2; exit 1; }

"$binary" --manager "$url" --token "$token" --name footprint --state-dir "$work/state" >"$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")
for _ in $(seq 60); do api "$url/api/agents" | grep -q '"status":"online"' && break; sleep 1; done
api "$url/api/agents" | grep -q '"status":"online"' || { echo "agent did not come online; log:" >&2; tail -20 "$work/agent.log" >&2; exit 1; }
sleep "$idle"
kill -0 "$agent" || { echo "agent exited; log:" >&2; tail -20 "$work/agent.log" >&2; exit 1; }
# Ten samples 3 s apart: the figures move by a few MB with GC timing, so print the median and the range.
for _ in $(seq 10); do
  awk '$1 ~ /^(VmRSS|RssAnon|RssFile):$/ { printf "%s ", $2 } END { print "" }' "/proc/$agent/status" >>"$work/samples"
  sleep 3
done
sort -n "$work/samples" | awk -v bin="$binary" -v size="$(stat -c %s "$binary")" -v idle="$idle" \
  -v containers="$(docker ps -aq 2>/dev/null | wc -l)" '
  { rss[NR] = $1 / 1024; anon[NR] = $2 / 1024; file[NR] = $3 / 1024 }
  END {
    m = int((NR + 1) / 2)
    printf "binary %s: %.1f MB\n", bin, size / 1048576
    printf "docker containers on this host: %s\n", containers
    printf "idle %ss connected, median of %d samples: VmRSS %.1f MB (RssAnon %.1f MB, RssFile %.1f MB); VmRSS range %.1f-%.1f MB\n",
      idle, NR, rss[m], anon[m], file[m], rss[1], rss[NR]
  }'
