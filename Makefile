# kiemsat: every task a newcomer or CI needs. `make demo` and `make test` are the front door.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install test lint bench eval demo clean format

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install kiemsat with its dev tools

test: $(STAMP)  ## the whole test suite (what CI runs)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)  ## every benchmark under bench/ (prints tables and a JSON line each)
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

eval: $(STAMP)  ## extraction quality on the dev corpus
	$(PY) -m kiemsat eval ../shared/corpus/dev

demo: $(STAMP)  ## crawl the bundled sample portal offline, extract, index, serve
	$(PY) -m kiemsat demo

clean:
	rm -rf build *.egg-info .pytest_cache data/demo
