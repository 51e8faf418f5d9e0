#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh <command> [args...]
#
# Creates a fresh cluster in a temp directory, starts it on a free port on
# 127.0.0.1, creates a superuser role and database "alongside", exports
# DATABASE_URL=postgres://alongside@127.0.0.1:<port>/alongside, runs the
# command, then stops the cluster and deletes the directory. The command's
# exit code is passed through.
set -euo pipefail

me=with-postgres
die() { echo "$me: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: $0 <command> [args...]"

# --- 1. Find the server binaries (highest installed major version). ---------
# Debian puts them in /usr/lib/postgresql/<major>/bin, not on PATH; the
# /usr/bin/psql wrapper is not used so all tools come from the same version.
bindir=
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && bindir+="$d"$'\n'
done
bindir=$(printf '%s' "$bindir" | sort -V | tail -n 1)
[ -n "$bindir" ] || die "no PostgreSQL server found under /usr/lib/postgresql/*/bin (initdb, pg_ctl); run scripts/ensure-system-packages.sh"
# "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18"
version=$("$bindir/pg_ctl" --version | awk '{print $3}')

# initdb and postgres refuse to run as root, so as root the cluster belongs to
# the "postgres" OS user; otherwise it belongs to whoever runs this script.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user"
  # /tmp rather than $TMPDIR: the postgres user must be able to reach it.
  tmp=$(mktemp -d /tmp/alongside-pg.XXXXXX)
  chown postgres: "$tmp"
  # cd / because the postgres user may not be allowed into the caller's cwd.
  as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/alongside-pg.XXXXXX")
  as_pg() { "$@"; }
fi
data=$tmp/data
log=$tmp/server.log
port=
started=

# --- 6. Always stop the cluster and remove the directory. -------------------
cleanup() {
  # Keyed on postmaster.pid rather than on $started, so a server left behind
  # by a failed or timed-out start is stopped too.
  if [ -f "$data/postmaster.pid" ]; then
    as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  if [ -n "$started" ]; then
    echo "$me: stopped PostgreSQL $version on 127.0.0.1:$port" >&2
  fi
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap does the cleanup once.
# bash runs these traps only after the foreground command has ended: Ctrl-C
# reaches the whole process group so that is immediate, while a TERM sent to
# this script alone lets the command finish before the cluster is stopped.
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 2. Create the cluster. -------------------------------------------------
# --username fixes the bootstrap superuser name whoever runs this.
initdb_args=(-D "$data" --username=postgres --auth=trust --encoding=UTF8)
if ! as_pg "$bindir/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1; then
  rm -rf "$data"
  as_pg "$bindir/initdb" "${initdb_args[@]}" --no-locale >"$tmp/initdb.log" 2>&1 ||
    { cat "$tmp/initdb.log" >&2; die "initdb failed"; }
fi

# Settings for a disposable test server: no durability, TCP on loopback only,
# unix socket inside the temp dir (so it never clashes with a system server).
cat >>"$data/postgresql.conf" <<EOF

# Added by scripts/with-postgres.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

# --- 3. Start it on a free port. --------------------------------------------
port_in_use() {
  # Succeeds if something accepts connections on 127.0.0.1:$1.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port that looks free can still be taken by someone else (e.g. a second
# copy of this script) before the server binds it, so a bind failure just
# moves on to the next port.
candidate=55432
while :; do
  [ "$candidate" -le 55531 ] || die "no free port found in 55432-55531"
  if port_in_use "$candidate"; then
    candidate=$((candidate + 1))
    continue
  fi
  rm -f "$log"
  if as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -o "-p $candidate" -w -t 30 start >/dev/null 2>&1; then
    port=$candidate
    break
  fi
  if grep -qE 'could not bind|could not create any TCP/IP sockets' "$log" 2>/dev/null; then
    candidate=$((candidate + 1))
    continue
  fi
  cat "$log" >&2 2>/dev/null || true
  die "PostgreSQL failed to start (log above)"
done

deadline=$((SECONDS + 30))
until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; do
  [ "$SECONDS" -lt "$deadline" ] || {
    cat "$log" >&2 2>/dev/null || true
    die "PostgreSQL on 127.0.0.1:$port not ready after 30 s (log above)"
  }
  sleep 0.2
done
started=1
echo "$me: started PostgreSQL $version on 127.0.0.1:$port (data in $tmp)" >&2

# --- 4. Roles and database for the app. -------------------------------------
# The owner is a superuser so Django's test runner can create and drop test_alongside.
"$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
  -c "CREATE ROLE alongside LOGIN SUPERUSER" \
  -c "CREATE ROLE alongside_app LOGIN" \
  -c "CREATE DATABASE alongside OWNER alongside" >/dev/null

# --- 5. Run the command, passing its exit code through. ---------------------
export DATABASE_URL="postgres://alongside@127.0.0.1:$port/alongside"
# The role the application connects as in production (not the owner, not a superuser):
# tests/audit/test_database_roles.py checks what it may and may not do to the audit log.
export ALONGSIDE_TEST_APP_ROLE=alongside_app
rc=0
"$@" || rc=$?
exit "$rc"
