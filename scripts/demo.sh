#!/usr/bin/env bash
# Sets up the demo on SQLite and serves it on http://127.0.0.1:8000. Running it again reuses
# the database, the secrets and the demo data that are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

# Secrets come from the environment; for the demo they are made once and kept in var/ (ignored by git).
if [ ! -f var/demo.env ]; then
  .venv/bin/python - > var/demo.env <<'PY'
import base64, os, secrets
print(f"ALONGSIDE_SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"ALONGSIDE_ENCRYPTION_KEYS={base64.urlsafe_b64encode(os.urandom(32)).decode()}")
PY
  chmod 600 var/demo.env
fi
if ! grep -q ALONGSIDE_AUDIT_KEY var/demo.env; then
  .venv/bin/python -c 'import secrets; print(f"ALONGSIDE_AUDIT_KEY={secrets.token_urlsafe(48)}")' >> var/demo.env
fi
if ! grep -q ALONGSIDE_BACKUP_KEY var/demo.env; then
  .venv/bin/python -c 'import base64, os; print(f"ALONGSIDE_BACKUP_KEY={base64.urlsafe_b64encode(os.urandom(32)).decode()}")' >> var/demo.env
fi
set -a; source var/demo.env; set +a
export DJANGO_SETTINGS_MODULE=alongside.settings.local

.venv/bin/alongside migrate --no-input -v 0
.venv/bin/alongside collectstatic --no-input -v 0
.venv/bin/alongside synth --if-empty
.venv/bin/alongside load-directory
.venv/bin/alongside demo-logins
echo
# Background jobs (imports, linkage runs) run in a worker beside the web server.
.venv/bin/alongside worker &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT INT TERM
echo "Serving Alongside on http://127.0.0.1:8000 (Ctrl-C to stop)"
.venv/bin/gunicorn alongside.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile - --log-level warning
