# Two commands for a fresh clone: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-heavy check lint typecheck bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/pybuildkite demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The heavier reliability variants (CI runs them after `make test`). pytest's exit code 5
# means no test was collected, which is not a failure.
test-heavy: $(STAMP)
	$(BIN)/python -m pytest -q -m heavy || [ $$? -eq 5 ]

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# pybuildkite 1.3.0, the baseline, lives in its own venv: it shares the package name.
.venv-bench13/.installed:
	$(PYTHON) -m venv .venv-bench13
	.venv-bench13/bin/python -m pip install --quiet pybuildkite==1.3.0
	touch $@

bench: $(STAMP) .venv-bench13/.installed
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
