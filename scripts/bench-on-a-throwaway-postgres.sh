#!/usr/bin/env bash
# Runs one benchmark command (`alongside <command> [args]`) on a throwaway PostgreSQL database
# with ephemeral keys; nothing is kept. The PostgreSQL twin of bench-on-a-throwaway-database.sh
# (SQLite): scripts/with-postgres.sh starts a fresh cluster on 127.0.0.1 and sets DATABASE_URL,
# then this script runs itself again inside it to migrate and run the command.
#   scripts/bench-on-a-throwaway-postgres.sh bench-web [args]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
if [ -z "${ALONGSIDE_BENCH_INSIDE_POSTGRES:-}" ]; then
  ALONGSIDE_BENCH_INSIDE_POSTGRES=1 exec bash scripts/with-postgres.sh bash "$here/$(basename "$0")" "$@"
fi
case "${DATABASE_URL:-}" in
  postgres://*) ;;
  *) echo "bench-on-a-throwaway-postgres: DATABASE_URL is not PostgreSQL" >&2; exit 1 ;;
esac
export DJANGO_SETTINGS_MODULE=alongside.settings.local
# Its own audit checkpoints: the ephemeral key below must not meet another run's.
checkpoints=$(mktemp -d)
trap 'rm -rf "$checkpoints"' EXIT
export ALONGSIDE_AUDIT_CHECKPOINT_DIR="$checkpoints"
export ALONGSIDE_ALLOWED_HOSTS=127.0.0.1,localhost,testserver
export ALONGSIDE_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALONGSIDE_AUDIT_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALONGSIDE_ENCRYPTION_KEYS="$(.venv/bin/python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
.venv/bin/alongside migrate --no-input -v 0
.venv/bin/alongside "$@"
