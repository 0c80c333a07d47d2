#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the Linq2PyArrow JDBC-source tests.
#
#   scripts/pg-cluster.sh start   create + start a fresh cluster, print the export line
#   scripts/pg-cluster.sh env     print the export line of the running cluster
#   scripts/pg-cluster.sh stop    stop the cluster and delete its directory
#
# The server refuses to run as root, so when run as root the postgres
# processes run as the unprivileged OS user "linq2pyarrow" (created on first
# use).  TCP connections need a scram-sha-256 password, so a test with a wrong
# password really fails; the Unix socket (in a 0700 directory) uses peer auth
# and is only used by this script for setup.
set -euo pipefail

PORT="${LINQ2PYARROW_PG_PORT:-55432}"
BASE="${TMPDIR:-/tmp}/linq2pyarrow-pg"
DATA="$BASE/data"
LOG="$BASE/server.log"
OS_USER=linq2pyarrow
ROLE=l2pa
PASSWORD=l2pa-secret-pw
DB=l2pa_test

die() { echo "pg-cluster.sh: error: $*" >&2; exit 1; }

find_bin() {
    local dir
    for dir in ${LINQ2PYARROW_PG_BIN:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [[ -x "$dir/pg_ctl" ]] && { echo "$dir"; return; }
    done
    die "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin); install postgresql or set LINQ2PYARROW_PG_BIN"
}
PGBIN="$(find_bin)"

# Run a command as the cluster owner: ourselves unless we are root.
as_owner() {
    if [[ "$(id -u)" != 0 ]]; then
        (cd "$BASE" && "$@")
    elif command -v runuser >/dev/null; then
        (cd "$BASE" && runuser -u "$OS_USER" -- "$@")
    else
        (cd "$BASE" && su -s /bin/sh "$OS_USER" -c "$(printf '%q ' "$@")")
    fi
}

ensure_os_user() {
    [[ "$(id -u)" != 0 ]] && return
    id -u "$OS_USER" >/dev/null 2>&1 && return
    useradd -r -m -s /usr/sbin/nologin "$OS_USER" || die "could not create OS user $OS_USER with useradd"
}

is_running() {
    [[ -f "$DATA/PG_VERSION" ]] && as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

# The port the running cluster was started with wins over the environment.
url() { echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$(cat "$BASE/port" 2>/dev/null || echo "$PORT")/$DB"; }
print_env() { echo "export LINQ2PYARROW_TEST_PG_URL=$(url)"; }

psql_admin() {
    as_owner "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$BASE" -p "$PORT" -d postgres "$@"
}

start() {
    if is_running; then print_env; return; fi
    ensure_os_user
    # A stopped leftover cluster is thrown away: this cluster is disposable.
    rm -rf "$BASE"
    mkdir -p "$BASE"
    chmod 700 "$BASE"
    [[ "$(id -u)" == 0 ]] && chown "$OS_USER" "$BASE"
    # The owner must be able to reach $BASE through every parent directory.
    as_owner test -w "$BASE" \
        || die "user $OS_USER cannot write $BASE (a parent directory is not traversable); set TMPDIR=/tmp"

    as_owner "$PGBIN/initdb" -D "$DATA" -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >"$BASE/initdb.log" 2>&1 \
        || die "initdb failed; see $BASE/initdb.log"
    # fsync off: the data is throwaway and this keeps startup and tests fast.
    if ! as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 10 \
        -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$BASE -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        tail -n 5 "$LOG" >&2 || true
        die "server did not start on 127.0.0.1:$PORT (port in use? set LINQ2PYARROW_PG_PORT); log: $LOG"
    fi
    psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" \
        -c "CREATE DATABASE $DB OWNER $ROLE" >/dev/null \
        || die "could not create role $ROLE / database $DB"
    echo "$PORT" >"$BASE/port"
    print_env
}

stop() {
    if is_running; then
        as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 10 stop >/dev/null || die "pg_ctl stop failed; log: $LOG"
    fi
    rm -rf "$BASE"
    echo "pg-cluster.sh: stopped and removed $BASE" >&2
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    env) is_running || die "no cluster running in $BASE; run: $0 start"; print_env ;;
    *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
