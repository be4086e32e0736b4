# Two commands for a fresh machine: `make reproduce` (the DeepSeek study, claims table,
# figures and paper) and `make test` (the whole suite). Both build .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: reproduce test paper results lint bench clean-results

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,garch,online]"
	touch $(STAMP)

reproduce: $(STAMP)
	$(PY) -m eventstudy.deepseek reproduce --out results --paper paper --strict

results: $(STAMP)
	$(PY) -m eventstudy.deepseek reproduce --out results --no-paper --strict

paper: reproduce

test: $(STAMP)
	$(VENV)/bin/ruff check eventstudy tests benchmarks
	$(PY) -m pytest -q -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check eventstudy tests benchmarks
	$(VENV)/bin/ruff format --check eventstudy tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean-results:
	rm -rf results paper/generated paper/figures paper/paper.pdf
