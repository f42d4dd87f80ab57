# Linli 邻里议事 — `make run` serves the demo community, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# How often `make run` publishes pages whose scheduled time has come (seconds).
SCHEDULE_INTERVAL ?= 60

.PHONY: install install-test install-dev system-packages run test lint format check-migrations bench messages clean

# The PDFs need Pango (WeasyPrint's text layout) and, for the serif faces GB/T 9704 asks for, Debian's
# Noto Serif CJK. Where apt-get is missing or we are not root this step does nothing: the PDFs then
# use Noto Sans CJK, which pip installs from PyPI (consultation/pdf/fonts.py picks what is there).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,dev]"
	touch $@

system-packages:
	@if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
	  echo "Installing $(SYSTEM_PACKAGES) (fonts and text layout for the PDFs)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; } \
	    || echo "warning: could not install $(SYSTEM_PACKAGES); PDFs fall back to the fonts installed by pip"; \
	fi

install: system-packages $(VENV)/.installed

install-test: system-packages $(VENV)/.installed-test

install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	LINLI_TASKS=immediate $(BIN)/python manage.py load_demo --host $(HOST) --port $(PORT)
	LINLI_TASKS=immediate $(BIN)/python manage.py freeze_records
	$(BIN)/python manage.py wagtail_update_index -v0
	@trap 'kill 0' EXIT INT TERM; \
	  (while sleep $(SCHEDULE_INTERVAL); do $(BIN)/python manage.py publish_scheduled >/dev/null; done) & \
	  $(BIN)/python manage.py db_worker --interval 0.5 & \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff: lint and import order, then whether the tree is formatted (settings in pyproject.toml).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Fails when a model change has no migration yet.
check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install-test
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/verify.py

# Regenerates the English catalogue after strings change (needs GNU gettext's xgettext/msgfmt).
messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media static
