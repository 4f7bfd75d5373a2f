# The two commands of the README: `make site` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt whenever the dependencies change.
INSTALLED := $(VENV)/.installed
# Python's bytecode goes into the virtualenv, not into __pycache__/ folders of the checkout: make's
# commands and every process they start (the tests' own runs of `python -m generator` too) write
# nothing into the checkout but .venv/, .pytest_cache/ and tools/node_modules/.
export PYTHONPYCACHEPREFIX := $(abspath $(VENV))/pycache

.PHONY: site test lint docs golden screenshots bench bench-preview lighthouse browser node-tools clean

site: $(INSTALLED)
	$(BIN)/reportsite build

# Two worker processes, which take tests one by one and steal from each other at the end (pytest-xdist): the
# builds and browsers of one process leave much of a second core idle. Run pytest alone for one file or test.
test: lint browser node-tools
	$(BIN)/pytest -n 2 --dist worksteal

# The tools that keep the code's shape; their settings are in pyproject.toml. The pre-commit hook runs them too.
lint: $(INSTALLED)
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# The editors' block reference (docs/blocks.md) and the JSON Schemas (schema/), both written from the models.
# A test fails when either differs from what the models give, so run this after changing a model.
docs: $(INSTALLED)
	$(BIN)/reportsite reference --output docs/blocks.md
	$(BIN)/reportsite schema

# Regenerate the golden Markdown of the synthetic fixture quarter (tests/golden/).
# Read the diff before committing it: golden files are only as right as their review.
golden: $(INSTALLED)
	$(BIN)/python -m tests.golden

# Screenshots of the editors' page for CONTRIBUTING.md (docs/images/editor-*.png), taken in Chromium on a copy of
# content/ through decap-server. Look at them before committing them.
screenshots: $(INSTALLED) browser node-tools
	$(BIN)/python -m tests.editor_screenshots

# Timings and memory for the real content and synthetic archives (see benchmarks/bench.py).
# BENCH_QUARTERS=1,10,40 BENCH_RUNS=3 make bench  (the defaults; about an hour on 2 cores)
bench: $(INSTALLED)
	$(BIN)/python -m benchmarks.bench

# How soon an edit shows in an open `reportsite serve` page, in Chromium (see benchmarks/preview.py): median of 5.
bench-preview: $(INSTALLED) browser
	$(BIN)/python -m benchmarks.preview

# Lighthouse 12's mobile audit of the real content's pages, served with gzip (see benchmarks/lighthouse.py):
# medians of 3 runs of each page. It installs lighthouse@12.2.3 into ~/.cache/reportsite-lighthouse once.
lighthouse: $(INSTALLED)
	$(BIN)/python -m benchmarks.lighthouse

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "reportsite needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Browser tests drive Debian's chromium (never a downloaded browser), which also prints the
# PDF editions, read back with pdftotext. Install them, and Thai fonts, when one is missing
# and we may; otherwise the tests that need them say why they skip.
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || sh tools/install-system-packages || true

# Test tools from the npm registry (tools/package.json): the workflow linter, axe-core, the Nu Html Checker, decap-server.
node-tools: tools/node_modules/.installed

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tools --silent --no-audit --no-fund && touch $@; \
	else echo "npm is missing: the tests that need tools/node_modules will say so"; fi

clean:
	rm -rf site build .venv .pytest_cache
