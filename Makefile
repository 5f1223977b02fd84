# kiemsat: every task a newcomer or CI needs. `make demo` and `make test` are the front door.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install test lint bench eval demo clean format lock

$(STAMP): setup.cfg pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel
	$(PIP) install --quiet -c requirements.lock -e '.[dev]'
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

lock: $(STAMP)  ## rewrite requirements.lock from a fresh resolution of setup.cfg
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Locked versions of every Python package kiemsat installs (make install uses it as constraints)."; \
	  echo "# Regenerate after changing setup.cfg: make lock"; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf build *.egg-info .pytest_cache data/demo
