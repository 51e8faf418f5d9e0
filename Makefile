# Alongside: the single entry point. `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed

.PHONY: audit bench bench-web bench-linkage bench-reports bench-matching bench-summary demo test test-sqlite test-postgres lint format check-deploy assets install clean bench

$(STAMP_PY): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(STAMP_NPM): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

alongside/static/vendor/.built: $(STAMP_NPM) scripts/build-assets.sh
	bash scripts/build-assets.sh
	touch $@

install: $(STAMP_PY) alongside/static/vendor/.built

assets: alongside/static/vendor/.built

## demo: install everything, load synthetic demo data, serve on http://127.0.0.1:8000
demo: install
	bash scripts/demo.sh

## test: install what tests need, run every test on SQLite and then on PostgreSQL
test: install
	bash scripts/ensure-system-packages.sh
	$(MAKE) lint
	$(MAKE) audit
	$(MAKE) check-deploy
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: install
	ALONGSIDE_RUN_SPARK=1 $(BIN)/pytest -q

test-postgres: install
	bash scripts/with-postgres.sh $(BIN)/pytest -q

lint: $(STAMP_PY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=alongside.settings.test $(BIN)/alongside makemigrations --check --dry-run

format: $(STAMP_PY)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## audit: static security analysis (bandit) and known-vulnerable dependencies (pip-audit)
audit: $(STAMP_PY)
	$(BIN)/bandit -q -r alongside
	bash scripts/pip-audit.sh

check-deploy: $(STAMP_PY)
	bash scripts/check-deploy.sh

## bench: benchmarks, each printing its figures side by side with a baseline from the same run
bench: bench-web bench-linkage bench-reports bench-matching bench-summary

## bench-summary: the family summary's PDF for a family with 2,000 timeline items (target under 3 s)
bench-summary: install
	bash scripts/bench-on-a-throwaway-database.sh bench-summary

## bench-matching: matching one new referral against 50,000 existing parents (target under 1 s)
bench-matching: install
	bash scripts/bench-on-a-throwaway-database.sh bench-matching

## bench-web: capacity curve, headroom over /health/ (target 0.5) and open-loop p95 per page (target under 300 ms), on SQLite then PostgreSQL
bench-web: install
	bash scripts/bench-on-a-throwaway-database.sh bench-web
	bash scripts/bench-on-a-throwaway-postgres.sh bench-web

## bench-reports: the OBA report at 5,000 parents / 500,000 contacts (target: under 2 s)
bench-reports: install
	bash scripts/bench-on-a-throwaway-database.sh bench_reports

## bench-linkage: linkage accuracy, time and memory over a grid of error profiles (all at 20,000 records, default, independent and the held-out extract at 1,000,000), with baselines, the same model with m from the truth file, the share of true pairs compared, and the worst case
bench-linkage: install
	bash scripts/bench-on-a-throwaway-database.sh bench linkage --records 20000 --profiles default,independent,low-diversity,messy,held-out
	bash scripts/bench-on-a-throwaway-database.sh bench linkage --records 1000000 --profiles default,independent,held-out --timeout 1800

clean:
	rm -rf $(VENV) node_modules alongside/static/vendor var
