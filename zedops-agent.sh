#!/usr/bin/env bash
# Runs a ZedOps agent on this host. First start:  ./zedops-agent.sh --manager URL --token REGTOKEN --name NAME
# Later starts need only --manager. Options: --state-dir DIR (identity, 0600) --data-root DIR (game server data) --backup-root DIR (backups; default <data root>-backups).
# Exit codes: 2 bad configuration, 3 registration refused, 4 token revoked/unknown, 5 protocol version mismatch.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "zedops-agent.sh: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 1
fi
dotnet build src/ZedOps.Agent -c Release -nologo -v quiet >/dev/null
exec dotnet src/ZedOps.Agent/bin/Release/net10.0/ZedOps.Agent.dll "$@"
