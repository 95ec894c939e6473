# make demo: install into .venv and run one poll against a throwaway local mail server.
# make test: also install Dovecot (Debian) for the IMAP tests, then run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint system-deps clean

$(BIN)/mailreg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/mailreg
	$(BIN)/mailreg demo

system-deps:
	./scripts/install-system-deps.sh

test: $(BIN)/mailreg system-deps
	$(BIN)/ruff check mailreg tests bench
	$(BIN)/pytest -q

lint: $(BIN)/mailreg
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
