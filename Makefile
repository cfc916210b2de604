# The commands a person types. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
BENCHSTAMP := $(VENV)/.installed-bench
SIZE ?= small
CATALOGS := $(wildcard participate/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run install dev test test-browser lint format translations extract-messages update-catalogs migrate seed clean bench chromium wrk

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(BENCHSTAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

install: $(STAMP)
dev: $(DEVSTAMP)

# Fuzzy entries are guesses nobody checked: they are left out (the English source shows instead).
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(COMPILED)

migrate: install
	$(BIN)/participate migrate

seed: migrate
	$(BIN)/participate seed-demo

## Serve the site with Dutch demo data on http://127.0.0.1:$(PORT) (SQLite unless DATABASE_URL is set).
run: install translations
	$(BIN)/participate migrate
	$(BIN)/participate seed-demo
	@echo ""
	@echo "Participate is running at http://127.0.0.1:$(PORT)  (stop with Ctrl+C)"
	@echo ""
	$(BIN)/participate run --host 127.0.0.1 --port $(PORT)

## Debian's Chromium for the browser tests (installed with apt-get when missing and we are root).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: install it with 'sudo apt-get install chromium' (browser tests will be skipped)"; \
	  fi; \
	fi

## The whole suite (unit, request, migration and browser tests) on SQLite, or on TEST_DATABASE_URL.
test: dev translations chromium
	$(BIN)/pytest $(PYTEST_ARGS)

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check participate tests

format: dev
	$(BIN)/ruff format participate tests
	$(BIN)/ruff check --fix .

extract-messages: dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --add-comments=TRANSLATORS: -o participate/translations/messages.pot --no-location --sort-output --omit-header .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i participate/translations/messages.pot -d participate/translations --no-fuzzy-matching --ignore-pot-creation-date

## The benchmark (bench/README section "Benchmark"): generate SIZE (small, or region by hand),
## serve it with gunicorn, load it, time the exports, on SQLite and on PostgreSQL
## (BENCH_POSTGRES_URL, default postgres@127.0.0.1:5432/participate_bench_SIZE; emptied first).
## Results: bench/results/ and the README's table.
bench: $(BENCHSTAMP) translations wrk
	$(BIN)/python -m bench.run --database sqlite --size $(SIZE) $(BENCH_ARGS)
	$(BIN)/python -m bench.run --database postgresql --size $(SIZE) $(BENCH_ARGS)
	$(BIN)/python -m bench.report --readme

## wrk drives the vote scenario (bench/wrkload.py says why); without it Locust does.
wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's wrk for the benchmark's votes..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "wrk is missing: install it with 'sudo apt-get install wrk' (Locust drives the votes instead)"; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) instance/participate.db* .pytest_cache .ruff_cache
