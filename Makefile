# Two commands on a fresh machine (Python 3.11, make, bash; no database server needed):
#   make run   - set up, migrate the embedded SQLite database, load the demo, serve on 127.0.0.1:5000
#   make test  - set up and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 5000
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test test-postgres bench-api bench-anchor browser-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Gloss needs Python 3.11 (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/flask --app server db upgrade
	$(BIN)/flask --app server seed-demo
	@echo "Demo article: $(PUBLIC_BASE_URL)/demo/article"
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - server.wsgi:app

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite against a PostgreSQL server (CI sets this up; see .ci/run).
test-postgres: install
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian's Chromium for the browser tests (needs root); Playwright drives it, never downloads one.
browser-deps:
	apt-get update && apt-get install -y chromium

bench-anchor: install
	$(BIN)/python bench/anchor_bench.py $(BENCH_ARGS)

bench-api: install
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
