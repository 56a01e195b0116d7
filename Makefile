# Two commands on a fresh machine (Python 3.11, make, bash; no database server needed):
#   make run   - set up, migrate the embedded SQLite database, load the demo, serve on 127.0.0.1:5000
#   make test  - set up and run the whole test suite
# `make run HOST=... PORT=...` serves elsewhere (default 127.0.0.1:5000); see README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 5000
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test lint test-extension lint-extension test-postgres docs-screenshots bench-api bench-anchor bench-overlay \
	browser-deps clean

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
	@if command -v node >/dev/null; then node extension/build.mjs; \
		echo "Extension built: load extension/dist/chrome (Chrome) or extension/dist/firefox (Firefox)"; \
	else echo "Node.js not found: the extension was not built (see docs/extension.md)"; fi
	@echo "Demo article: $(PUBLIC_BASE_URL)/demo/article"
	$(BIN)/gunicorn --config gunicorn.conf.py --workers 2 --bind $(HOST):$(PORT) server.wsgi:app

# The extension's unit tests run under Node when it is installed (CI requires it, see .ci/run);
# the Python suite, which also drives the extension in Chromium, runs last.
test: install lint test-extension
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff with zero findings: pyflakes (F), pycodestyle (E), import order (I), bugbear (B), pyupgrade (UP)
# and pep8-naming (N); the rule set and its few explained per-file ignores are in pyproject.toml.
lint: install
	$(BIN)/ruff check server tests bench migrations

test-extension:
	@if command -v node >/dev/null && command -v npm >/dev/null; then \
		[ -d extension/node_modules ] || npm ci --prefix extension --no-audit --no-fund --loglevel=error; \
		node extension/build.mjs && npm test --prefix extension --silent; \
	elif [ "$$GLOSS_REQUIRE_BROWSER" = "1" ]; then \
		echo "extension tests required but Node.js/npm are missing" >&2; exit 1; \
	else \
		echo "SKIPPED extension unit tests: install Node.js 20 and npm to run them"; \
	fi

lint-extension:
	node extension/build.mjs && npm run lint --prefix extension

# The same suite against a PostgreSQL server (CI sets this up; see .ci/run).
test-postgres: install
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest $(PYTEST_ARGS)

# The screenshots docs/ shows, taken again by the tests that take them (the suite itself saves them in
# a temporary directory, so that `make test` never rewrites a tracked file). Review and commit the result.
docs-screenshots: install
	GLOSS_DOCS_SCREENSHOTS=1 GLOSS_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -m docs_screenshot tests/browser

# Debian's Chromium and Firefox ESR for the browser tests (needs root); Playwright drives Chromium
# and never downloads a browser of its own.
browser-deps:
	apt-get update && apt-get install -y chromium firefox-esr

bench-anchor: install
	$(BIN)/python bench/anchor_bench.py $(BENCH_ARGS)

bench-overlay: install
	$(BIN)/python bench/overlay_bench.py $(BENCH_ARGS)

bench-api: install
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
