# Công Vụ — every command a developer needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := $(CURDIR)/.tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
RUN := $(UV) run --frozen
export CONGVU_DATA_DIR ?= $(CURDIR)/var
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
# Where the suite runs: SQLite always; PostgreSQL as well when DATABASE_URL is set.
TEST_ON ?= sqlite $(if $(DATABASE_URL),postgres,)
PYTEST_ARGS ?=
# test-shifted: how far ahead the wall clock is moved (each test still stands on the suite's frozen day).
CLOCK_SHIFT_DAYS ?= 400

# tesseract-ocr-vie + poppler-utils: scanned PDFs are OCR'd for documents search (DOC-10).
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core tesseract-ocr tesseract-ocr-vie poppler-utils
APT_TEST := $(APT_RUN) chromium fonts-liberation2

.PHONY: help run test test-shifted setup system-run system-test lint format typecheck check migrate demo messages clean

help: ## this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(UV):
	@if ! $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
	  echo "Công Vụ needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; fi
	@if ! $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else echo "Run: sudo apt-get install -y python3-venv"; exit 1; fi; fi
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q "uv==$(UV_VERSION)"

define apt_ensure
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing system packages. Run: sudo apt-get install -y$$missing"; exit 1; fi; fi
endef

system-run: ## system packages the product needs (PDF rendering, fonts, OCR of scanned documents)
	$(call apt_ensure,$(APT_RUN))

system-test: ## system packages the tests need (Chromium for browser tests)
	$(call apt_ensure,$(APT_TEST))

setup: $(UV) ## virtual environment with the locked dependencies
	$(UV) sync --frozen --quiet

migrate: setup ## create or update the database
	$(RUN) congvu migrate --noinput

demo: migrate ## load the demo province (idempotent) and print the personas' one-time passwords
	$(RUN) congvu load_demo

run: system-run setup ## start Công Vụ on http://127.0.0.1:8000, or the port in CONGVU_PORT (SQLite, worker, scheduler, demo province)
	$(RUN) congvu check --deploy --fail-level ERROR >/dev/null
	$(RUN) congvu migrate --noinput
	$(RUN) congvu collectstatic --noinput --verbosity 0
	$(RUN) congvu push_keys
	$(RUN) congvu load_demo
	$(RUN) congvu start

test: system-test setup ## the whole suite: unit, API and browser tests (SQLite; PostgreSQL too when DATABASE_URL is set)
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy
	$(RUN) python scripts/check_house_rules.py
	$(RUN) python scripts/check_layout.py
	$(RUN) congvu makemigrations --check --dry-run >/dev/null || (echo "Models changed without a migration."; exit 1)
	@for db in $(TEST_ON); do \
	  if [ $$db = postgres ]; then \
	    echo "== suite on PostgreSQL"; DATABASE_URL="$(DATABASE_URL)" $(RUN) pytest $(PYTEST_ARGS) || exit 1; \
	  else \
	    echo "== suite on SQLite"; env -u DATABASE_URL $(RUN) pytest $(PYTEST_ARGS) || exit 1; \
	  fi; done

test-shifted: system-test setup ## the suite again (SQLite) with the wall clock a year ahead (CLOCK_SHIFT_DAYS=400): a test that would expire fails today
	@echo "== suite on SQLite, wall clock $(CLOCK_SHIFT_DAYS) days ahead"
	env -u DATABASE_URL CONGVU_TEST_CLOCK_SHIFT_DAYS=$(CLOCK_SHIFT_DAYS) $(RUN) pytest $(PYTEST_ARGS)

lint: setup ## ruff lint and format check
	$(RUN) ruff check . && $(RUN) ruff format --check .

format: setup ## format the code
	$(RUN) ruff format . && $(RUN) ruff check --fix .

typecheck: setup ## mypy over the whole congvu package
	$(RUN) mypy

messages: setup ## compile translation catalogues
	$(RUN) pybabel compile -d congvu/locale -D django

clean: ## remove the local database, files and virtual environment
	rm -rf var .venv .tools artifacts
