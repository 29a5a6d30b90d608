#!/usr/bin/env bash
# Starts ZedOps: the manager on its embedded SQLite database (./data) and a local agent registered automatically.
# The UI address is printed once the manager is up. Extra arguments go to the manager (e.g. --urls http://0.0.0.0:8080).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "zedops.sh: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 1
fi
echo "[zedops] building (first run takes a minute)..."
dotnet build src/ZedOps.Agent -c Release -nologo -v quiet >/dev/null
dotnet build src/ZedOps.Manager -c Release -nologo -v quiet >/dev/null
export ZEDOPS_DATA_DIR=${ZEDOPS_DATA_DIR:-$PWD/data}
mkdir -p "$ZEDOPS_DATA_DIR"
# As root this installs and starts Docker when it is missing; otherwise it says what to do.
scripts/ensure-docker.sh "$ZEDOPS_DATA_DIR/dockerd.log" || true
if docker info >/dev/null 2>&1; then
  echo "[zedops] building the local demo image zedops/pz-sim (no registry needed)..."
  scripts/build-pz-sim-image.sh >/dev/null || echo "[zedops] could not build zedops/pz-sim; servers with the pz-sim profile will fail to create" >&2
else
  echo "[zedops] Docker is not running here: the local agent connects anyway and reports it; game servers need Docker."
fi
# Native agent builds the manager hands to new hosts (install.sh) and offers as updates: scripts/publish-agent.sh.
export ZEDOPS_AGENT_BINARIES=${ZEDOPS_AGENT_BINARIES:-$PWD/artifacts/agent}
export ZEDOPS_LOCAL_AGENT=${ZEDOPS_LOCAL_AGENT:-true}
export ZEDOPS_LOCAL_AGENT_COMMAND=${ZEDOPS_LOCAL_AGENT_COMMAND:-$PWD/src/ZedOps.Agent/bin/Release/net10.0/ZedOps.Agent.dll}
if [ "$(id -u)" != 0 ] && [ -z "${ZEDOPS_LOCAL_AGENT_DATA_ROOT:-}" ]; then
  export ZEDOPS_LOCAL_AGENT_DATA_ROOT=$ZEDOPS_DATA_DIR/servers
fi
exec dotnet src/ZedOps.Manager/bin/Release/net10.0/ZedOps.Manager.dll "$@"
