# The two commands of the README: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve lint test test-sqlite test-postgres bench

$(BIN)/.serve-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed: $(BIN)/.serve-installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## Everything the tests need (serving needs only $(BIN)/.serve-installed).
install: $(BIN)/.installed

## Set up, lay down BolivVejle with the fictional demo people, and serve GraphiQL on the SQLite default.
## Mutations and the console's sign-in need a token: BOLIV_ADMIN_TOKEN, else a fresh one printed here.
serve: $(BIN)/.serve-installed
	$(BIN)/boliv seed --demo
	@token="$${BOLIV_ADMIN_TOKEN:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(18))')}"; \
	echo "Console: http://$(HOST):$(PORT)/  GraphiQL: http://$(HOST):$(PORT)/graphql"; \
	echo "Administrator token for this run (sign in with it, or send Authorization: Bearer <token>): $$token"; \
	BOLIV_ADMIN_TOKEN="$$token" $(BIN)/boliv serve --host $(HOST) --port $(PORT)

## The packages mypy checks (pyproject.toml's [tool.mypy] says how): boliv/, the command line, once it exists.
TYPED = $(wildcard governance schema api bench boliv)

## Style and types: ruff (lint and import order) and mypy --strict, both configured in pyproject.toml.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy $(TYPED)

## Set up, lint and run every test: SQLite always, PostgreSQL when BOLIV_TEST_POSTGRES_URL is set.
test: install lint
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$BOLIV_TEST_POSTGRES_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "BOLIV_TEST_POSTGRES_URL is not set: the PostgreSQL half was skipped"; fi

test-sqlite: install
	BOLIV_TEST_BACKEND=sqlite $(BIN)/python -m pytest

test-postgres: install
	BOLIV_TEST_BACKEND=postgres $(BIN)/python -m pytest

$(BIN)/.bench-installed: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

## The benchmark of issue 8 (docs/benchmarks.md): demo and national data in a temporary folder, two tables printed.
## PostgreSQL too when BOLIV_BENCH_POSTGRES_URL is set; options after ARGS=, e.g. make bench ARGS="--runs 50".
bench: $(BIN)/.bench-installed
	$(BIN)/python -m bench.run $(ARGS)
