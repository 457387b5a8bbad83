#!/usr/bin/env bash
# A private loopback Virtuoso (Debian's virtuoso-opensource) for policy-kg.
#   scripts/virtuoso.sh start  [--port P] [--dir D] [--buffers N]   start it (creating D), print the KG_* settings
#   scripts/virtuoso.sh stop   [--port P] [--dir D]                 stop it
#   scripts/virtuoso.sh status [--port P] [--dir D]                 running or not; the settings when running
# P is the HTTP port (default 8890; the SQL port is P+1); D the folder of its database files
# (default .kg/virtuoso). It listens on 127.0.0.1 only. Updates go to /sparql-auth with HTTP
# Digest as dba (password dba on a fresh database: a loopback instance for one machine, never
# exposed). Install it with: apt-get install virtuoso-opensource (scripts/setup.sh --test does).
# Point the app at it:  eval "$(scripts/virtuoso.sh start)" && export KG_STORE KG_STORE_UPDATE_URL KG_STORE_AUTH
set -euo pipefail
cd "$(dirname "$0")/.."

cmd="${1:-}"; shift || true
PORT=8890; DIR=.kg/virtuoso; BUFFERS=170000
while (( $# )); do
  case "$1" in
    --port) PORT="$2"; shift 2;;
    --dir) DIR="$2"; shift 2;;
    --buffers) BUFFERS="$2"; shift 2;;
    *) echo "virtuoso.sh: unknown option $1" >&2; exit 2;;
  esac
done
SQL_PORT=$((PORT + 1))
VSP=/var/lib/virtuoso-opensource-7/vsp

pid_of() {  # the PID in the lock file, when that process is alive
  local pid
  pid=$(sed -n 's/^VIRT_PID=//p' "$DIR/virtuoso.lck" 2>/dev/null || true)
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
  return 0
}

settings() {
  echo "KG_STORE=sparql:http://127.0.0.1:$PORT/sparql"
  echo "KG_STORE_UPDATE_URL=http://127.0.0.1:$PORT/sparql-auth"
  echo "KG_STORE_GSP_URL=http://127.0.0.1:$PORT/sparql-graph-crud-auth"
  echo "KG_STORE_AUTH=dba:dba"
}

write_ini() {
  local dir; dir=$(cd "$DIR" && pwd)
  cat > "$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile    = $dir/virtuoso.db
ErrorLogFile    = $dir/virtuoso.log
LockFile        = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel   = 7
FileExtend      = 200
Striping        = 0
TempStorage     = TempDatabase

[TempDatabase]
DatabaseFile    = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx

[Parameters]
ServerPort          = 127.0.0.1:$SQL_PORT
DisableUnixSocket   = 1
DisableTcpSocket    = 0
MaxClientConnections = 20
CheckpointInterval  = 60
CaseMode            = 2
NumberOfBuffers     = $BUFFERS
MaxDirtyBuffers     = $((BUFFERS * 3 / 4))
DirsAllowed         = ., $dir, /tmp
; the app asks for whole results (labels, counts) and applies its own row cap
MaxStaticCursorRows = 5000

[HTTPServer]
ServerPort          = 127.0.0.1:$PORT
ServerRoot          = $VSP
MaxClientConnections = 20
ServerThreads       = 20
DavRoot             = DAV
EnabledDavVSP       = 0
HTTPProxyEnabled    = 0
Charset             = UTF-8
EnabledGzipContent  = 0
KeepAliveTimeout    = 10
MaxKeepAlives       = 20

[SPARQL]
ResultSetMaxRows           = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
EOF
}

case "$cmd" in
  start)
    command -v virtuoso-t >/dev/null || { echo "virtuoso.sh: virtuoso-t not found (apt-get install virtuoso-opensource)" >&2; exit 1; }
    mkdir -p "$DIR"
    if [[ -n "$(pid_of)" ]]; then
      echo "virtuoso.sh: already running (pid $(pid_of), $DIR)" >&2
    else
      write_ini
      echo "virtuoso.sh: starting Virtuoso on 127.0.0.1:$PORT ($DIR)" >&2
      (cd "$DIR" && virtuoso-t +configfile "$PWD/virtuoso.ini" +wait >/dev/null 2>>virtuoso.start.log) \
        || { echo "virtuoso.sh: virtuoso-t failed; see $DIR/virtuoso.log" >&2; tail -5 "$DIR/virtuoso.log" >&2; exit 1; }
      for _ in $(seq 1 100); do   # +wait returns once the database is online; the HTTP listener follows
        curl -fsS -o /dev/null "http://127.0.0.1:$PORT/sparql?query=ASK%7B%7D" 2>/dev/null && break
        sleep 0.1
      done
    fi
    settings
    ;;
  stop)
    pid=$(pid_of)
    if [[ -z "$pid" ]]; then echo "virtuoso.sh: not running ($DIR)" >&2; exit 0; fi
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "virtuoso.sh: stopped (pid $pid)" >&2
    ;;
  status)
    pid=$(pid_of)
    if [[ -z "$pid" ]]; then echo "virtuoso.sh: not running ($DIR)" >&2; exit 3; fi
    echo "virtuoso.sh: running (pid $pid, $DIR)" >&2
    settings
    ;;
  *)
    echo "usage: scripts/virtuoso.sh start|stop|status [--port P] [--dir D] [--buffers N]" >&2; exit 2;;
esac
