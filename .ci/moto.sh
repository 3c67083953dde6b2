#!/usr/bin/env bash
# A local moto server (EC2, SSM, IAM) for the integration tier.
#
# Sourced by .ci/run:   . .ci/moto.sh; moto_start; ...; moto_stop
# Run directly:         bash .ci/moto.sh start   (prints the endpoint, leaves the server running)
#                       bash .ci/moto.sh stop
#
# moto_start creates a venv under .ci/cache/venv when missing, installs the pinned moto there, starts
# `moto_server` on a free loopback port in the background, waits until it answers and sets MOTO_ENDPOINT
# (also printed). The server's PID is kept in .ci/cache/moto.pid so that moto_stop ends exactly that process.

MOTO_VERSION="5.2.5"
MOTO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOTO_CACHE="$MOTO_ROOT/.ci/cache"
MOTO_VENV="$MOTO_CACHE/venv"
MOTO_PID_FILE="$MOTO_CACHE/moto.pid"
MOTO_LOG="$MOTO_CACHE/moto.log"

moto_install() {
  mkdir -p "$MOTO_CACHE"
  if [ ! -x "$MOTO_VENV/bin/python" ]; then
    echo "== moto: creating venv $MOTO_VENV" >&2
    python3 -m venv "$MOTO_VENV"
  fi
  if ! "$MOTO_VENV/bin/python" -c "import moto, sys; sys.exit(0 if moto.__version__ == '$MOTO_VERSION' else 1)" \
      >/dev/null 2>&1 || [ ! -x "$MOTO_VENV/bin/moto_server" ]; then
    echo "== moto: pip install moto[server]==$MOTO_VERSION" >&2
    "$MOTO_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
  fi
}

moto_free_port() {
  "$MOTO_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

moto_start() {
  moto_install || return 1
  local port
  port=$(moto_free_port) || return 1
  "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$MOTO_LOG" 2>&1 &
  echo $! >"$MOTO_PID_FILE"
  MOTO_ENDPOINT="http://127.0.0.1:$port"
  export MOTO_ENDPOINT
  local i
  for i in $(seq 1 120); do
    if "$MOTO_VENV/bin/python" -c "import urllib.request, sys; urllib.request.urlopen('$MOTO_ENDPOINT/moto-api/data.json', timeout=1); sys.exit(0)" \
        >/dev/null 2>&1; then
      echo "$MOTO_ENDPOINT"
      return 0
    fi
    if ! kill -0 "$(cat "$MOTO_PID_FILE")" 2>/dev/null; then
      echo "moto: the server exited; its log:" >&2
      cat "$MOTO_LOG" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "moto: no answer from $MOTO_ENDPOINT after 60 s; its log:" >&2
  cat "$MOTO_LOG" >&2
  moto_stop
  return 1
}

moto_stop() {
  if [ -f "$MOTO_PID_FILE" ]; then
    local pid
    pid=$(cat "$MOTO_PID_FILE")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null || true
    fi
    rm -f "$MOTO_PID_FILE"
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1-}" in
    start) moto_start ;;
    stop) moto_stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
  esac
fi
