# haven: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_SIZE ?= 7000
DEMO_SEED ?= 2016
# The engines and SQLite tiers measure coverage, each into its own directory under
# var/coverage/ (the Python processes they start too, see [tool.coverage.run]);
# `make coverage` combines them and fails below the floor. Raise the floor, never
# lower it. 92: the two measured 92.7% together on 2026-12-07 (issue 16). The
# PostgreSQL and browser tiers run the same code again on another database or through
# a browser: they are not measured, which keeps `make test` within CI's hour
# (measuring costs up to 1.8x CPU on Python 3.11).
COVERAGE_DIR := var/coverage
# The stateful audit test (T-S8) passes in a process of its own on both databases but
# not after the rest of its tier, where its run never reaches a successful person
# update (found on 2026-12-07; the cause is not yet known). It runs alone until then.
AUDIT_STATEFUL := tests/security/test_audit_stateful.py::test_every_operation_is_audited_once_and_only_if_it_commits
COVERAGE_FLOOR := 92
MEASURE = rm -rf $(COVERAGE_DIR)/$@ && mkdir -p $(COVERAGE_DIR)/$@ && COVERAGE_FILE=$(COVERAGE_DIR)/$@/.coverage $(BIN)/coverage run -m pytest

.PHONY: help setup run test check test-engines test-sqlite test-postgres test-browser coverage bench chromium

help:
	@echo "make run   - set up, load the demo camp and serve haven at http://127.0.0.1:8000"
	@echo "make test  - set up and run every test tier"
	@echo "make bench - run the benchmarks and write bench/results/*.json"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

setup: $(UV)
	$(UV) sync --locked --quiet

# Debian's Chromium for the browser tests, and Noto fonts so that Arabic and Ge'ez
# names render in screenshots and PDF letters; poppler-utils to check letter PDFs.
SYSTEM_PACKAGES := chromium fonts-noto-core poppler-utils libharfbuzz-subset0
chromium:
	@if ! test -x /usr/bin/chromium || ! command -v pdftoppm >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans Ethiopic" || ! ldconfig -p | grep -q libharfbuzz-subset; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); fi

run: setup
	$(BIN)/haven serve --demo-size $(DEMO_SIZE) --demo-seed $(DEMO_SEED)

# The machine has two cores: the four tiers run two at a time (engines then PostgreSQL
# then browser beside SQLite, the longest), each with a var directory of its own so
# that keys and databases made on first use never race. A tier's output is printed
# whole when it ends.
TIERS := test-engines test-sqlite test-postgres test-browser
test: setup chromium check
	$(MAKE) --no-print-directory -j2 --output-sync=target $(TIERS)
	$(MAKE) --no-print-directory coverage
	@echo "make test: every tier passed"

check:
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports
	HAVEN_VAR_DIR=var/check $(BIN)/python manage.py makemigrations --check --dry-run
	HAVEN_VAR_DIR=var/check $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

test-engines: export HAVEN_VAR_DIR = $(CURDIR)/var/tiers/engines
test-engines:
	$(MEASURE) -p no:django -p no:playwright tests/engines tests/scenarios tests/synthetic -q

test-sqlite: export HAVEN_VAR_DIR = $(CURDIR)/var/tiers/sqlite
test-sqlite:
	$(MEASURE) -p no:playwright tests/apps tests/api tests/cli tests/security tests/reliability -q --deselect $(AUDIT_STATEFUL)
	COVERAGE_FILE=$(COVERAGE_DIR)/$@/.coverage $(BIN)/coverage run -m pytest -p no:playwright $(AUDIT_STATEFUL) -q

test-postgres: export HAVEN_VAR_DIR = $(CURDIR)/var/tiers/postgres
test-postgres:
	@if ! $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=5).close()" 2>/dev/null; then \
	  if [ "$$CI" = "true" ]; then echo "PostgreSQL at $(PG_URL) is required under CI=true and is not reachable" >&2; exit 1; \
	  else echo "SKIPPED: PostgreSQL tier (no server at $(PG_URL))"; exit 0; fi; fi; \
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:playwright tests/apps tests/api tests/security tests/reliability -q --deselect $(AUDIT_STATEFUL) && \
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:playwright $(AUDIT_STATEFUL) -q

test-browser: export HAVEN_VAR_DIR = $(CURDIR)/var/tiers/browser
test-browser:
	$(BIN)/pytest tests/browser -q --output test-results --screenshot on

coverage:
	$(BIN)/coverage combine --keep --quiet --data-file=$(COVERAGE_DIR)/.coverage $(COVERAGE_DIR)/test-*
	@echo "coverage of haven, lines and branches, in % (floor $(COVERAGE_FLOOR); per module: $(BIN)/coverage report --data-file=$(COVERAGE_DIR)/.coverage):"
	@$(BIN)/coverage report --data-file=$(COVERAGE_DIR)/.coverage --format=total --fail-under=$(COVERAGE_FLOOR)

bench: setup
	$(BIN)/python -m bench
