# Two commands on a fresh machine: `make demo` runs the system with demo data,
# `make test` runs every test. Both use embedded PostgreSQL and Redis unless
# DATABASE_URL / REDIS_URL point at real ones.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WITH_SERVICES := $(PY) -m config.services --
CHILDREN ?= 2000

.DEFAULT_GOAL := help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || (echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed  ## Create .venv and install everything

demo: install  ## Run web, worker and scheduler with demo data on http://127.0.0.1:8000
	$(WITH_SERVICES) bash scripts/demo.sh $(CHILDREN)

test: install  ## Run the whole test suite (browser tests included)
	bash scripts/ensure-chromium.sh
	# Importing config (the Celery app) defaults the settings to dev: name the test ones.
	DJANGO_SETTINGS_MODULE=config.settings.test $(WITH_SERVICES) $(PY) -m pytest

test-clock: install  ## The suite again with the clock moved (a year ahead, 31 March, 1 April, 29 Feb 2028)
	DJANGO_SETTINGS_MODULE=config.settings.test $(WITH_SERVICES) bash scripts/test-clock.sh

test-embedded: install  ## The real-worker and seeding tests on the embedded PostgreSQL and Redis
	env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=config.settings.test \
	  $(WITH_SERVICES) $(PY) -m pytest -q -m "celery_worker or seeding"

lint: install  ## ruff, formatting, and migrations in step with the models
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(WITH_SERVICES) $(PY) manage.py makemigrations --check --dry-run

assets:  ## Rebuild the GOV.UK Frontend CSS/JS from npm (needs Node.js)
	bash frontend/build.sh

lock: install  ## Refresh constraints.txt from the current environment
	$(PY) -m pip freeze --exclude-editable > constraints.txt

.PHONY: help install demo test test-clock test-embedded lint assets lock
