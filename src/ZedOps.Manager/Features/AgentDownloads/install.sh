#!/bin/sh
# ZedOps agent installer, served by the manager at @MANAGER_URL@/install.sh:
#   curl -fsSL @MANAGER_URL@/install.sh | sudo sh -s -- --token zreg_... --name alice-pc
# Downloads the native agent from the manager, checks every file against the build's SHA256SUMS, installs it to
# /opt/zedops-agent, writes /etc/zedops-agent/agent.env and a hardened systemd unit, enables and starts it.
# Run it again to upgrade in place (no token needed then). Options:
#   --token T       registration token from the manager's "Add agent" dialog (first install)
#   --name N        this host's agent name (first install)
#   --manager URL   the manager's URL (default @MANAGER_URL@)
#   --data-root D   where game server data lives (default /var/lib/zedops/servers)
#   --uninstall     stop and remove the service, binary and config; never the game data, backups or identity
#   --no-start      install the files but do not start the service
#   --root DIR      install under DIR instead of / (packaging, tests); implies --no-start
set -eu

MANAGER_URL="@MANAGER_URL@"
TOKEN=""; NAME=""; DATA_ROOT=""; UNINSTALL=0; START=1; ROOT=""
BIN_DIR=/opt/zedops-agent
CONF_DIR=/etc/zedops-agent
UNIT_PATH=/etc/systemd/system/zedops-agent.service
STATE_ROOT=/var/lib/zedops

say() { echo "[zedops-agent] $*"; }
die() { echo "[zedops-agent] error: $*" >&2; exit 1; }
value() { [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --token) value "$@"; TOKEN=$2; shift 2 ;;
    --name) value "$@"; NAME=$2; shift 2 ;;
    --manager) value "$@"; MANAGER_URL=${2%/}; shift 2 ;;
    --data-root) value "$@"; DATA_ROOT=$2; shift 2 ;;
    --uninstall) UNINSTALL=1; shift ;;
    --no-start) START=0; shift ;;
    --root) value "$@"; ROOT=${2%/}; START=0; shift 2 ;;
    *) die "unknown option '$1' (options: --token, --name, --manager, --data-root, --uninstall, --no-start, --root)" ;;
  esac
done

if [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
  die "run it as root (sudo): it installs to $BIN_DIR and a systemd service"
fi
has_systemd() { [ -z "$ROOT" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }

if [ "$UNINSTALL" = 1 ]; then
  if has_systemd; then
    systemctl disable --now zedops-agent >/dev/null 2>&1 || true
  fi
  rm -f "$ROOT$UNIT_PATH"
  if has_systemd; then systemctl daemon-reload; fi
  rm -rf "$ROOT$BIN_DIR" "$ROOT$CONF_DIR"
  say "removed the service, $BIN_DIR and $CONF_DIR"
  say "kept $STATE_ROOT (game data, backups and this agent's identity); revoke the agent in the manager to forget this host"
  exit 0
fi

case "$NAME" in
  "") ;;
  *[!a-z0-9-]*) die "--name '$NAME' is invalid: use 3-32 lowercase letters, digits and '-', starting with a letter" ;;
esac

case "$(uname -m)" in
  x86_64|amd64) RID=linux-x64 ;;
  aarch64|arm64) RID=linux-arm64 ;;
  *) die "this host is $(uname -m); agent builds exist for x86_64 and aarch64 only" ;;
esac

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL "$1" -o "$2"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -qO "$2" "$1"; }
else
  die "curl or wget is needed to download the agent"
fi
command -v sha256sum >/dev/null 2>&1 || die "sha256sum (coreutils) is needed to check the download"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

say "downloading the $RID agent from $MANAGER_URL"
fetch "$MANAGER_URL/agent/$RID/SHA256SUMS" "$TMP/SHA256SUMS" \
  || die "the manager at $MANAGER_URL serves no $RID agent build (on the manager: scripts/publish-agent.sh $RID)"
FILES=$(sed -n 's/^[0-9a-fA-F]\{64\} [ *]\([A-Za-z0-9._-]*\)$/\1/p' "$TMP/SHA256SUMS")
[ -n "$FILES" ] || die "the manager's SHA256SUMS lists no files"
for f in $FILES; do
  fetch "$MANAGER_URL/agent/$RID/$f" "$TMP/$f" || die "downloading $f failed"
done
(cd "$TMP" && sha256sum -c --quiet SHA256SUMS) \
  || die "checksum mismatch: the download does not match the build's SHA256SUMS; nothing was installed or changed"
chmod 0755 "$TMP/zedops-agent"
VERSION=$("$TMP/zedops-agent" --version) || die "the downloaded agent does not run on this host"

mkdir -p "$ROOT$BIN_DIR" "$ROOT$CONF_DIR" "$ROOT$STATE_ROOT"
chmod 0700 "$ROOT$CONF_DIR"
for f in $FILES; do
  mode=0644; [ "$f" = zedops-agent ] && mode=0755
  cp "$TMP/$f" "$ROOT$BIN_DIR/.$f.new"
  chmod "$mode" "$ROOT$BIN_DIR/.$f.new"
  mv -f "$ROOT$BIN_DIR/.$f.new" "$ROOT$BIN_DIR/$f"
done
cp "$TMP/SHA256SUMS" "$ROOT$BIN_DIR/SHA256SUMS"

ENV_FILE="$ROOT$CONF_DIR/agent.env"
if [ -f "$ENV_FILE" ] && [ -z "$TOKEN" ]; then
  say "upgrading in place; keeping $CONF_DIR/agent.env"
  sed -i "s|^ZEDOPS_Agent__ManagerUrl=.*|ZEDOPS_Agent__ManagerUrl=$MANAGER_URL|" "$ENV_FILE"
else
  if [ -z "$TOKEN" ] || [ -z "$NAME" ]; then
    die "the first install needs --token <registration token> and --name <agent name> (the manager's Add agent dialog shows both)"
  fi
  umask 077
  {
    echo "# ZedOps agent settings (written by install.sh). The token is used once, at registration."
    echo "ZEDOPS_Agent__ManagerUrl=$MANAGER_URL"
    echo "ZEDOPS_Agent__Name=$NAME"
    echo "ZEDOPS_Agent__Token=$TOKEN"
    if [ -n "$DATA_ROOT" ]; then echo "ZEDOPS_Agent__DataRoot=$DATA_ROOT"; fi
  } > "$ENV_FILE"
  chmod 0600 "$ENV_FILE"
fi
WRITABLE="$BIN_DIR $STATE_ROOT"
DATA_DIR=$(sed -n 's/^ZEDOPS_Agent__DataRoot=//p' "$ENV_FILE")
if [ -n "$DATA_DIR" ]; then WRITABLE="$WRITABLE $DATA_DIR $DATA_DIR-backups"; fi

mkdir -p "$(dirname "$ROOT$UNIT_PATH")"
cat > "$ROOT$UNIT_PATH" <<UNIT
[Unit]
Description=ZedOps agent (Project Zomboid servers on this host)
Documentation=$MANAGER_URL
Wants=network-online.target
After=network-online.target docker.service

[Service]
Type=simple
EnvironmentFile=$CONF_DIR/agent.env
ExecStart=$BIN_DIR/zedops-agent
Restart=always
RestartSec=5
# 2 bad configuration, 3 registration refused, 4 token revoked, 5 protocol mismatch: a restart cannot help.
RestartPreventExitStatus=2 3 4 5
TimeoutStopSec=30
# Hardening. It runs as root to reach /var/run/docker.sock and to give server data to the game's user; it may write
# only its own binary folder (self-update) and the data root; no new privileges, no kernel or device access.
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=$WRITABLE
ProtectHome=read-only
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
SystemCallArchitectures=native
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
CapabilityBoundingSet=CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID

[Install]
WantedBy=multi-user.target
UNIT

say "installed $VERSION to $BIN_DIR"
if [ "$START" = 1 ] && has_systemd; then
  systemctl daemon-reload
  systemctl enable zedops-agent >/dev/null 2>&1
  systemctl restart zedops-agent
  say "service zedops-agent is running; follow its log with: journalctl -u zedops-agent -f"
elif [ "$START" = 1 ]; then
  say "systemd is not running on this host, so no service was started. Run the agent by hand (it logs to the terminal):"
  say "  sudo sh -c 'set -a; . $CONF_DIR/agent.env; exec $BIN_DIR/zedops-agent'"
else
  say "not started (--no-start/--root); unit written to $UNIT_PATH"
fi
if ! command -v docker >/dev/null 2>&1; then
  say "note: Docker is not installed here; the agent connects and reports it, but game servers need it (Debian: apt-get install docker.io)"
fi
