#!/usr/bin/env bash
# Copies GOV.UK Frontend and MOJ Frontend from node_modules (installed from package-lock.json)
# into alongside/static/vendor, pointing their CSS at the copied fonts and images.
set -euo pipefail
cd "$(dirname "$0")/.."

vendor=alongside/static/vendor
govuk=node_modules/govuk-frontend/dist/govuk
moj=node_modules/@ministryofjustice/frontend/moj
rm -rf "$vendor"
mkdir -p "$vendor/govuk" "$vendor/moj" "$vendor/axe"

cp "$govuk/govuk-frontend.min.js" "$vendor/govuk/"
cp -r "$govuk/assets" "$vendor/govuk/assets"
sed 's#url(/assets/#url(/static/vendor/govuk/assets/#g' "$govuk/govuk-frontend.min.css" > "$vendor/govuk/govuk-frontend.min.css"

cp "$moj/moj-frontend.min.js" "$vendor/moj/"
cp -r "$moj/assets" "$vendor/moj/assets"
sed 's#url(/assets/#url(/static/vendor/moj/assets/#g' "$moj/moj-frontend.min.css" > "$vendor/moj/moj-frontend.min.css"

cp node_modules/axe-core/axe.min.js "$vendor/axe/"
