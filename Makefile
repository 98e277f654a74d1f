# dlfault_jupyter — `make test` and `make lab` work on a fresh machine (Debian, root or sudo-less CI).
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV ?= .venv
BIN := $(CURDIR)/$(VENV)/bin
# The venv is rebuilt only when the pinned requirements change (pip's cache does nothing
# here: P19); the package itself and the sidebar are (re)installed cheaply on every setup.
HASH := $(shell cat requirements-dev.txt 2>/dev/null | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(HASH)

export PATH := $(BIN):$(PATH)
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1


.PHONY: setup system labext test test-py test-js test-ui lab bench lint docs clean

setup: system $(STAMP) labext
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .

system:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian's chromium (browser tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; \
	fi

$(STAMP): requirements-dev.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/python -c "import torch, tensorflow, jupyterlab, ipywidgets, nbclient, pytest"
	touch $@

# The JupyterLab sidebar, built from source into dlfault_jupyter/labextension.
# `npm ci` only when the lockfile changed (it wipes node_modules); the build takes seconds.
NPM_STAMP := labextension/node_modules/.installed-$(shell cat labextension/package-lock.json 2>/dev/null | sha1sum | cut -c1-12)

$(NPM_STAMP): labextension/package-lock.json
	(cd labextension && npm ci --no-audit --no-fund --loglevel=error)
	touch $@

labext: $(STAMP) $(NPM_STAMP)
	(cd labextension && npm run build)

test: setup test-py test-js test-ui

test-py:
	$(BIN)/ruff check dlfault_jupyter tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q --durations=25

test-js:
	@if [ -f labextension/package.json ]; then cd labextension && npm run lint:check && npm test; fi

test-ui:
	DLFAULT_UI=1 $(BIN)/python -m pytest -q tests/ui

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir=demo_notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(LAB_ARGS)

bench: setup
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check dlfault_jupyter tests benchmarks scripts
	$(BIN)/mypy
	(cd labextension && npm run lint:check)

docs: setup
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) labextension/node_modules labextension/lib dlfault_jupyter/labextension
