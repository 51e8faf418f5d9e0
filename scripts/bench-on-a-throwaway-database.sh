#!/usr/bin/env bash
# Runs one benchmark command (`alongside <command> [args]`) on a throwaway SQLite database with
# ephemeral keys; nothing is kept. Used by every `make bench-*` target:
#   bench-web       the web pages under load (`make bench-web`)
#   bench-matching  matching one new referral against 50,000 parents
#   bench_reports   the OBA report at 5,000 parents / 500,000 contacts
#   bench-summary   the family summary's PDF for a family with 2,000 timeline items
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DJANGO_SETTINGS_MODULE=alongside.settings.local
export DATABASE_URL="sqlite:///$work/bench.sqlite3"
# Its own audit checkpoints: the ephemeral key below must not meet another run's.
export ALONGSIDE_AUDIT_CHECKPOINT_DIR="$work/audit-checkpoints"
export ALONGSIDE_ALLOWED_HOSTS=127.0.0.1,localhost,testserver
export ALONGSIDE_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALONGSIDE_AUDIT_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALONGSIDE_ENCRYPTION_KEYS="$(.venv/bin/python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
.venv/bin/alongside migrate --no-input -v 0
.venv/bin/alongside "$@"
