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

# Every bench script, then bench-results.md: each figure beside its target (committed, so
# versions compare side by side); a failing script fails the run, after the file is written.
BENCH_FIGURES := build/bench-figures.jsonl
bench: install
	rm -f $(BENCH_FIGURES)
	status=0; for script in tests/benchmarks/bench_*.py; do \
		BENCH_FIGURES=$(BENCH_FIGURES) $(BIN)/python $$script || status=1; done; \
	$(BIN)/python tests/benchmarks/results.py $(BENCH_FIGURES) bench-results.md || status=1; exit $$status

# 20 staff for 60 s against the PostgreSQL in DATABASE_URL (LOAD_THREADS, LOAD_SECONDS).
load: install
	$(BIN)/python tests/load/load.py

clean:
	rm -rf $(VENV) data/*.db data/*.db-*
