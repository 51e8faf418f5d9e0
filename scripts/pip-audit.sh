#!/usr/bin/env bash
# Checks the locked dependencies against PyPI's vulnerability data. Fails on any known
# vulnerability that is not listed in docs/security-exceptions.txt (one ID per line, with why).
# Where PyPI's JSON API cannot be reached (this workplace's registry mirror serves packages only),
# pip-audit reports the packages it could not check; that is printed, not hidden.
set -euo pipefail
cd "$(dirname "$0")/.."
ignore=()
if [ -f docs/security-exceptions.txt ]; then
  while read -r id _; do
    [[ -z "$id" || "$id" == \#* ]] && continue
    ignore+=(--ignore-vuln "$id")
  done < docs/security-exceptions.txt
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
timeout 300 .venv/bin/pip-audit -r requirements.lock --no-deps --disable-pip --progress-spinner off "${ignore[@]}" >"$out" 2>&1 || status=$?
unchecked=$(grep -c "could not be audited" "$out" || true)
grep -v "could not be audited" "$out" | grep -v "^-*$" | grep -v "^Name *Skip Reason" || true
if [ "$unchecked" -gt 0 ]; then
  echo "pip-audit: $unchecked packages could not be checked (vulnerability service unreachable from here)."
fi
exit "$status"
