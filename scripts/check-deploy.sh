#!/usr/bin/env bash
# `manage.py check --deploy` with production settings must report nothing.
# The values below are throwaway ones made for this check only.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=alongside.settings.production
export ALONGSIDE_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALONGSIDE_ENCRYPTION_KEYS="$(.venv/bin/python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
export ALONGSIDE_AUDIT_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALONGSIDE_ALLOWED_HOSTS=alongside.example.org
.venv/bin/alongside check --deploy --fail-level WARNING
