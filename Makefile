# The portal's commands. `make run` and `make test` work on a fresh machine with Python 3.11,
# make and git: they create .venv, install the project and prepare the database.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= centre
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := centre.settings

.PHONY: run test lint format messages migrate demo bench e2e clean-db help

help:
	@echo "make run    - set up, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up, lint, check, run the whole test suite"
	@echo "make messages - refresh and compile the Russian, Kazakh and English catalogues (needs gettext)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

migrate: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo

run: demo
	@DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo_logins
	@echo "Serving on http://127.0.0.1:$(PORT)/ with a task worker (Ctrl+C stops both)"
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py check
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=$${DEBUG:-1} $(BIN)/python -m pytest $(PYTEST_ARGS)

# make bench [SCALE=centre|city|nation] [DURATION=short|full|SECONDS]
bench: $(STAMP)
	$(BIN)/python bench/run.py --scale $(SCALE) --duration $(or $(DURATION),full)

messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l ru -l kk -l en --no-obsolete $(if $(APP),--app $(APP))
	DEBUG=1 $(BIN)/python manage.py compilemessages -l ru -l kk -l en --ignore=.venv --ignore=var
