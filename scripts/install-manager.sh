#!/usr/bin/env bash
# Installs (or upgrades) the manager as the systemd service deploy/zedops-manager.service, from this clone:
#   /opt/zedops/manager          self-contained publish (no .NET needed at run time); replaced on upgrade
#   /opt/zedops/agent/<rid>      agent builds the manager hands out, when scripts/publish-agent.sh made artifacts/agent/<rid>
#   /var/lib/zedops              data (SQLite, Data Protection keys), user zedops, 0700; never touched on upgrade
#   /etc/zedops/manager.env      settings and secrets (0600, root); created once, never overwritten
# Needs root and the .NET SDK. Where systemd runs it enables and (re)starts the service; elsewhere it says how to start.
# Usage: sudo scripts/install-manager.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { echo "[install-manager] $*"; }
fail() { echo "[install-manager] ERROR: $*" >&2; exit 1; }

[[ "$(id -u)" == 0 ]] || fail "run as root (it creates a user and writes /opt, /etc and /var/lib)"
command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is not on PATH"

say "publishing the manager (self-contained, linux-x64)"
rm -rf /opt/zedops/manager.new
dotnet publish "$repo/src/ZedOps.Manager" -c Release -r linux-x64 --self-contained -p:DebugType=none \
  --artifacts-path "$repo/artifacts/manager-image/build" -o /opt/zedops/manager.new -nologo -v quiet

if ! id zedops >/dev/null 2>&1; then
  say "creating system user zedops"
  useradd --system --home-dir /var/lib/zedops --no-create-home --shell /usr/sbin/nologin zedops
fi
install -d -o zedops -g zedops -m 0700 /var/lib/zedops
install -d -m 0755 /etc/zedops
if [[ ! -f /etc/zedops/manager.env ]]; then
  install -m 0600 /dev/null /etc/zedops/manager.env
  cat >/etc/zedops/manager.env <<'EOF'
# ZedOps manager settings (see the README's configuration table). VAR=value, one a line.
# Password of the admin user, used on the first start only (unset: a random one is printed in the journal).
#ZEDOPS_ADMIN_PASSWORD=
#ZEDOPS_PUBLIC_URL=https://zedops.example.org
#ZEDOPS_TRUSTED_PROXIES=127.0.0.1
#URLS=http://127.0.0.1:5080
#ZEDOPS_DATABASE_PROVIDER=Postgres
#ZEDOPS_DATABASE=Host=localhost;Database=zedops;Username=zedops;Password=…
EOF
  say "wrote /etc/zedops/manager.env (edit it for the admin password, public URL, proxy)"
fi

running=0
if [[ -d /run/systemd/system ]] && systemctl is-active --quiet zedops-manager; then running=1; systemctl stop zedops-manager; fi
rm -rf /opt/zedops/manager.old
if [[ -d /opt/zedops/manager ]]; then mv /opt/zedops/manager /opt/zedops/manager.old; fi
mv /opt/zedops/manager.new /opt/zedops/manager
rm -rf /opt/zedops/manager.old
install -d -m 0755 /opt/zedops/agent
for rid in linux-x64 linux-arm64; do
  if [[ -x "$repo/artifacts/agent/$rid/zedops-agent" && -f "$repo/artifacts/agent/$rid/SHA256SUMS" ]]; then
    rm -rf "/opt/zedops/agent/$rid" && cp -a "$repo/artifacts/agent/$rid" /opt/zedops/agent/
    say "installed the $rid agent build in /opt/zedops/agent/$rid (served to /install.sh and self-updates)"
  fi
done
install -m 0644 "$repo/deploy/zedops-manager.service" /etc/systemd/system/zedops-manager.service

if [[ -d /run/systemd/system ]]; then
  systemctl daemon-reload
  systemctl enable zedops-manager >/dev/null 2>&1
  systemctl restart zedops-manager
  say "zedops-manager $([[ $running == 1 ]] && echo restarted || echo started); logs: journalctl -u zedops-manager -f"
else
  say "systemd is not running here; start it by hand:"
  say "  runuser -u zedops -- env URLS=http://0.0.0.0:5080 ZEDOPS_DATA_DIR=/var/lib/zedops \$(grep -v '^#' /etc/zedops/manager.env | xargs) /opt/zedops/manager/ZedOps.Manager"
fi
