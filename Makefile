# make demo: install into .venv and run one poll against a throwaway local mail server.
# make test: also install Dovecot and PostgreSQL (Debian) for the tests, then run them
#            on SQLite and again on a throwaway PostgreSQL cluster.
# make unit: the tests that need no server (tests/unit), in seconds, anywhere.
# make lint: ruff and mypy.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test test-sqlite test-postgres unit lint system-deps clean

$(BIN)/mailreg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/mailreg
	$(BIN)/mailreg demo

system-deps:
	./scripts/install-system-deps.sh

test: test-sqlite test-postgres

test-sqlite: $(BIN)/mailreg system-deps lint
	$(BIN)/pytest -q

test-postgres: $(BIN)/mailreg system-deps
	MAILREG_TEST_DATABASE=postgresql $(BIN)/pytest -q tests/integration tests/e2e

unit: $(BIN)/mailreg
	$(BIN)/pytest -q tests/unit

lint: $(BIN)/mailreg
	$(BIN)/ruff check mailreg tests bench scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
