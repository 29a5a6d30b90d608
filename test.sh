#!/usr/bin/env bash
# Runs every ZedOps test and ends with one line: "N passed, N failed, N skipped".
# As root it first installs (apt) and starts what the tests need: dockerd, Chromium, PostgreSQL, nats-server; it builds the local
# test images. Without root or Docker, the tests that need them report as skipped, never as passed.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
WORK=${ZEDOPS_TEST_WORK:-$ROOT/artifacts/test-env}
LOGS=$ROOT/artifacts/test-results
mkdir -p "$WORK" "$LOGS"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { echo "[test.sh] $*"; }
is_root() { [ "$(id -u)" = 0 ]; }

install_packages() {
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  [ -x /bin/busybox ] || need+=(busybox-static)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)   # the SFTP backup-target tests run a real sshd on loopback
  [ -x /usr/sbin/nats-server ] || need+=(nats-server)   # the multi-replica tests run a real nats-server on loopback
  [ ${#need[@]} -eq 0 ] && return
  if ! is_root; then log "not root: cannot install ${need[*]}; tests needing them will be skipped"; return; fi
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >"$WORK/apt.log" 2>&1 \
    || log "apt-get install failed (see $WORK/apt.log); dependent tests will be skipped"
}

start_docker() {
  if scripts/ensure-docker.sh "$WORK/dockerd.log"; then log "Docker daemon is up"; else log "Docker unavailable: Docker tests will be skipped"; fi
}

PG_DIR=""
PG_CTL=""
start_postgres() {
  local initdb; initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  if [ -z "$initdb" ]; then log "PostgreSQL not installed: its tests will be skipped"; return; fi
  local bin; bin=$(dirname "$initdb"); PG_CTL=$bin/pg_ctl
  PG_DIR=$(mktemp -d /tmp/zedops-pg.XXXXXX)
  local port=${ZEDOPS_TEST_PG_PORT:-55432}
  local as=(); if is_root; then chown postgres "$PG_DIR"; as=(runuser -u postgres --); fi
  if "${as[@]}" "$initdb" -D "$PG_DIR/data" -U postgres --auth=trust >"$WORK/initdb.log" 2>&1 \
     && "${as[@]}" "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/pg.log" -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR" -w start >/dev/null 2>&1; then
    export ZEDOPS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Pooling=true"
    log "PostgreSQL is up on 127.0.0.1:$port"
  else
    log "PostgreSQL did not start (see $WORK/initdb.log, $PG_DIR/pg.log); its tests will be skipped"
    PG_DIR=""
  fi
}

stop_postgres() {
  [ -n "$PG_DIR" ] || return
  local as=(); is_root && as=(runuser -u postgres --)
  "${as[@]}" "$PG_CTL" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT

build_images() {
  docker info >/dev/null 2>&1 || return
  for script in scripts/build-*-image.sh; do
    [ -x "$script" ] || continue
    log "building test image: $script"
    "$script" >"$WORK/$(basename "$script").log" 2>&1 || log "$script failed (see $WORK/$(basename "$script").log)"
  done
}

# The S3 backup-target tests need a real S3-compatible server: moto_server (pip moto[server]).
install_moto() {
  command -v moto_server >/dev/null 2>&1 && return
  if ! is_root; then log "not root: moto_server missing; S3 target tests will be skipped"; return; fi
  log "installing moto[server]"
  pip install -q 'moto[server]' >"$WORK/pip.log" 2>&1 || pip3 install -q 'moto[server]' >>"$WORK/pip.log" 2>&1 \
    || log "pip install 'moto[server]' failed (see $WORK/pip.log); S3 target tests will be skipped"
}

# The native agent (NativeAOT) for the install-script and self-update tests; without a C toolchain they are skipped.
publish_agent() {
  log "publishing the native agent (scripts/publish-agent.sh, a few minutes)"
  scripts/publish-agent.sh linux-x64 -nologo -v quiet >"$WORK/publish-agent.log" 2>&1 \
    || { log "native agent publish failed (see $WORK/publish-agent.log); its tests will be skipped"; rm -rf artifacts/agent/linux-x64; }
}

install_packages
install_moto
start_docker
start_postgres
publish_agent
build_images

log "building the solution"
if ! dotnet build ZedOps.slnx -c Debug -v quiet -nologo >"$LOGS/build.log" 2>&1; then
  grep -E "error" "$LOGS/build.log" | sort -u | head -40
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

log "running tests"
dotnet test ZedOps.slnx --no-build -c Debug -m:1 --logger "trx" --results-directory "$LOGS" 2>&1 | tee "$LOGS/test.log"
status=${PIPESTATUS[0]}

passed=0; failed=0; skipped=0
while read -r f p s; do passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); done < <(
  grep -E "^(Passed|Failed)!" "$LOGS/test.log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited $status without a failed test (a test host crashed?); counting it as a failure"
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
