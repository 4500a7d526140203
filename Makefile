# Two commands for a fresh machine: `make run` (the demo on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PY := .venv/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/cqpm
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run demo test lint test-sqlite test-postgres test-tools services bench

help:
	@echo "make run   — installe, migre, charge la démo et lance le serveur + le worker (SQLite)"
	@echo "make test  — lint, mypy, migrations, puis la suite complète sur SQLite et PostgreSQL"
	@echo "make bench — mesures de performance (catalogue, documents, certificats, imports, jurys)"

$(UV):
	command -v uv >/dev/null 2>&1 || python3 -m pip install --user --quiet uv \
		|| python3 -m pip install --user --quiet --break-system-packages uv

install: $(UV)
	$(UV) sync --frozen --quiet

run: install
	bash scripts/run.sh $(HOST) $(PORT)

demo: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py charger_demo

# Test tooling: Debian's Chromium for the browser tests, axe-core from npm for accessibility. Missing tools are
# installed; if that fails the target fails (never a silent skip).
test-tools:
	@command -v chromium >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || { echo "ERREUR : impossible d'installer chromium (apt-get)"; exit 1; }; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --silent --no-audit --no-fund
	@test -f node_modules/axe-core/axe.min.js || { echo "ERREUR : axe-core absent (npm ci a échoué)"; exit 1; }

services:
	bash scripts/services.sh

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy .
	$(UV) run --frozen lint-imports --no-cache --no-logo
	DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') ALLOWED_HOSTS=cqpm.example \
		DATABASE_URL=sqlite:///:memory: $(PY) manage.py check --deploy --fail-level WARNING

# Browser tests and schemathesis (marker `une_fois`, set in tests/conftest.py) run once, in the PostgreSQL pass;
# tests/test_repartition.py holds this split. --durations prints the slowest tests of each pass.
test-sqlite: install services
	DATABASE_URL=sqlite:///var/test.sqlite3 $(PY) -m pytest -n 2 -m "not une_fois" --durations=15

test-postgres: install test-tools services
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 --durations=15

test: lint test-sqlite test-postgres

bench: install
	$(PY) bench/catalogue.py
	$(PY) bench/documents.py
	$(PY) bench/certificats.py
	$(PY) bench/import_inscriptions.py
	DATABASE_URL=$(PG_URL) $(PY) bench/import_inscriptions.py
	$(PY) bench/jurys.py
