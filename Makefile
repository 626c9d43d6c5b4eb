# Plan Atlas. `make site` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BROWSER := /usr/bin/chromium
PDFTOPPM := /usr/bin/pdftoppm
# tablesort (npm) sorts the project tables in the browser; copied into the site at build time.
TABLESORT := $(VENV)/node/node_modules/tablesort/dist/tablesort.min.js
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve eval-search bench-search bench-build bench lock clean

## site: create .venv if needed, install, validate the corpus, generate pages, build site/
site: $(STAMP) $(TABLESORT)
	$(BIN)/python -m builder build

## test: same set-up (plus Chromium and poppler's pdftoppm for the browser and print tests), then ruff, mypy and the whole test suite
test: $(STAMP) $(TABLESORT) $(BROWSER) $(PDFTOPPM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

## check: validate the corpus only
check: $(STAMP)
	$(BIN)/python -m builder check

## serve: the built site on http://127.0.0.1:8000/ with the staff search API
serve: site
	$(BIN)/python -m builder serve --port 8000

## eval-search: Recall@1, Recall@5 and MRR of the staff search on tests/search_eval.yaml
eval-search: site
	$(BIN)/python bench/eval_search.py

## bench: the scale benchmark on synthetic corpora of 2, 20 and 200 plans (bench/RESULTS.md)
bench: $(STAMP) $(TABLESORT)
	$(BIN)/python bench/run.py

## bench-build: full build, no-change rebuild and one-edit rebuild times (medians of 3)
bench-build: $(STAMP) $(TABLESORT)
	$(BIN)/python bench/build.py

## bench-search: staff index build time and size, query latency p50/p95 (in process, endpoint)
bench-search: site
	$(BIN)/python bench/search.py

$(TABLESORT): | $(STAMP)
	npm install --prefix $(VENV)/node --no-save --no-audit --no-fund --silent tablesort@5.7.1

# Browser tests drive Debian's Chromium (Playwright's own download does not work offline);
# CJK fonts make the screenshots legible.
$(BROWSER):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null

# The print test turns Chromium's PDF into page images with poppler's pdftoppm.
$(PDFTOPPM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null

clean:
	rm -rf site search-index .builds .build-cache .build.lock .pytest_cache .mypy_cache

# Installed from the lock file (exact versions, tested together), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## lock: resolve pyproject.toml's dependencies afresh into requirements.lock (then review the diff)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[dev]'
	echo '# Exact versions for .venv, made by `make lock` from pyproject.toml; `make site` installs these.' > requirements.lock
	.venv-lock/bin/python -m pip freeze --exclude-editable >> requirements.lock
	rm -rf .venv-lock
