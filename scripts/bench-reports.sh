#!/usr/bin/env bash
# `make bench-reports`: the OBA report at 5,000 parents / 500,000 contacts on a throwaway
# SQLite database (ephemeral keys; nothing kept).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DJANGO_SETTINGS_MODULE=alongside.settings.local
export DATABASE_URL="sqlite:///$work/bench.sqlite3"
export ALONGSIDE_ALLOWED_HOSTS=127.0.0.1,localhost,testserver
export ALONGSIDE_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALONGSIDE_AUDIT_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALONGSIDE_ENCRYPTION_KEYS="$(.venv/bin/python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
.venv/bin/alongside migrate --no-input -v 0
.venv/bin/alongside bench_reports "$@"
