# Two commands for a fresh machine: `make reproduce` (the DeepSeek study, claims table,
# figures and paper) and `make test` (lint, the whole suite, the documentation site).
# Both build .venv when missing and run the one install step for Debian packages
# (tools/install-system-deps.sh: installs them when run as root, else prints the apt-get line).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The library knows no data location: point it at the project's read-only snapshot.
export EVENTSTUDY_DATA ?= $(abspath ../shared/data)
LINTED := eventstudy tests benchmarks notebooks docs/conf.py

.PHONY: reproduce test pytest paper results lint docs bench bench-big system-deps clean-results

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,garch,online]"
	touch $(STAMP)

system-deps:
	sh tools/install-system-deps.sh

reproduce: $(STAMP) system-deps
	$(PY) -m eventstudy.deepseek reproduce --out results --paper paper --strict

results: $(STAMP)
	$(PY) -m eventstudy.deepseek reproduce --out results --no-paper --strict

paper: reproduce

# Every tier: `-m ""` lifts the default `-m "not slow and not notebooks"` of pyproject.toml.
test: $(STAMP) system-deps
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest -q -rs -n 2 -p no:cacheprovider -m ""
	$(MAKE) --no-print-directory docs

# The fast tier only (what a bare `pytest` runs).
pytest: $(STAMP)
	$(PY) -m pytest -q -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

# The documentation site, from scratch, warnings as errors.
docs: $(STAMP)
	rm -rf docs/_build docs/_generated
	$(VENV)/bin/sphinx-build -W --keep-going -q -b html docs docs/_build/html

bench: $(STAMP)
	$(PY) benchmarks/run.py

# one CRSP-sized run through the Dask backend (minutes): benchmarks/results/big.md
bench-big: $(STAMP)
	$(PY) benchmarks/run.py --big

clean-results:
	rm -rf results paper/generated paper/figures paper/paper.pdf
