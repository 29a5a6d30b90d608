#!/usr/bin/env bash
# Makes sure a Docker daemon answers, for ./zedops.sh and ./test.sh. As root it installs Debian's docker.io when
# dockerd is missing and starts the daemon (through systemd where systemd runs, else dockerd in the background with
# its log in $1). Without root it only says what is missing. Exits 0 when `docker info` answers, 1 otherwise.
#
# Usage: scripts/ensure-docker.sh [dockerd log file, default /tmp/zedops-dockerd.log]
set -uo pipefail
log_file=${1:-/tmp/zedops-dockerd.log}
say() { echo "[docker] $*"; }

docker info >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
  if ! command -v dockerd >/dev/null 2>&1; then
    say "Docker is not installed. As root: apt-get install -y docker.io, then add your user to the docker group (usermod -aG docker $USER) and log in again; or run this as root."
  else
    say "the Docker daemon does not answer for $(id -un). Start it (sudo systemctl start docker) and make sure you may use it (usermod -aG docker $USER); or run this as root."
  fi
  exit 1
fi
if ! command -v dockerd >/dev/null 2>&1; then
  say "installing docker.io (apt)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io; } >"$log_file.apt" 2>&1; then
    say "apt-get install docker.io failed (see $log_file.apt)"
    exit 1
  fi
fi
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  say "starting docker (systemctl enable --now docker)"
  systemctl enable --now docker >"$log_file" 2>&1 || true
fi
if ! docker info >/dev/null 2>&1; then
  say "starting dockerd (log: $log_file)"
  nohup dockerd --host unix:///var/run/docker.sock >"$log_file" 2>&1 &
fi
for _ in $(seq 1 120); do
  docker info >/dev/null 2>&1 && { say "the Docker daemon is up"; exit 0; }
  sleep 0.5
done
say "the Docker daemon did not start (see $log_file)"
exit 1
