# The template's everyday tasks. `make demo` bakes and serves a site; `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR := build/demo
DEMO_PORT ?= 8000

.PHONY: install install-node test test-fast lint format demo bench screenshots clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(f"Python 3.12 or newer is needed; {sys.executable} is {sys.version.split()[0]}") if sys.version_info < (3, 12) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --group dev
	@touch $@

install: $(VENV)/.installed

# Node tools for the browser, HTML, accessibility and workflow checks. Install scripts
# are skipped: the one that runs fetches a certificate bundle the checks do not use.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

install-node: node_modules/.installed

## The whole suite: hook validation, every baked variant, gunicorn in production mode.
test: install install-node
	$(BIN)/python -m pytest -n 2 --durations=40

## Only the quick tests (no whole-project runs or servers).
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Bake the defaults and load them side by side with a hello-world ceiling (needs wrk);
## figures go to build/bench. BENCH_ARGS passes options, e.g. --update-readme.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## Retake the README's screenshots (home page and a post; desktop and phone; light and
## dark) with Chromium, into docs/screenshots/. pngquant, when installed, shrinks them.
screenshots: install install-node
	$(BIN)/python -m pytest tests/test_browser.py -k screenshots
	mkdir -p docs/screenshots
	cp build/screenshots/*.png docs/screenshots/
	if command -v pngquant >/dev/null; then pngquant --force --speed 1 --ext .png docs/screenshots/*.png; fi

## Bake the defaults into build/demo, install them in their own virtualenv, seed demo
## data and serve the site with gunicorn at http://127.0.0.1:$(DEMO_PORT), with the task
## worker beside it (it prints the site's mail, such as password resets, to this
## terminal); Ctrl-C stops both.
## Its own venv, not the shared one: installed there, its package name would be taken,
## and the pre-generation hook refuses slugs that name installed packages.
demo: install
	rm -rf $(DEMO_DIR)
	$(BIN)/cookiecutter --no-input --output-dir $(DEMO_DIR) .
	cd $(DEMO_DIR)/my_site && \
	  $(abspath $(BIN))/python -m venv .venv && \
	  .venv/bin/python -m pip install --quiet --upgrade pip && \
	  .venv/bin/python -m pip install --quiet -e . --group dev && \
	  .venv/bin/python manage.py migrate --noinput && \
	  .venv/bin/python manage.py seed_demo --password demo-password && \
	  { .venv/bin/python manage.py run_worker --no-reload --worker-id demo-worker & } && \
	  trap 'kill $$! 2>/dev/null' EXIT && \
	  DJANGO_SETTINGS_MODULE=config.settings.local PORT=$(DEMO_PORT) .venv/bin/gunicorn

clean:
	rm -rf $(VENV) node_modules build .pytest_cache .ruff_cache
