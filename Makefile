# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint install bench load clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/petition-console run

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	for script in tests/benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

# 20 staff for 60 s against the PostgreSQL in DATABASE_URL (LOAD_THREADS, LOAD_SECONDS).
load: install
	$(BIN)/python tests/load/load.py

clean:
	rm -rf $(VENV) data/*.db data/*.db-*
