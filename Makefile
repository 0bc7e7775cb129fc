# HallOps: `make run` and `make test` are the two commands a new machine needs.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install constraints run test lint messages check-deploy worker beat clean

install: $(VENV)/.installed

# The exact versions of requirements/constraints.txt, so every machine tests the same thing.
$(VENV)/.installed: pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $@

# After changing dependencies in pyproject.toml: install, run the suite, then record the set.
constraints: install
	{ echo "# Exact versions the suite was run with (pip freeze of the tested virtualenv)."; \
	  echo "# make install installs with -c this file; regenerate with: make constraints"; \
	  $(PY) -m pip freeze --exclude-editable; } >requirements/constraints.txt

# Migrate, load demo data, then serve on $(HOST):$(PORT) with a Celery worker and the
# scheduler in the background (filesystem transport: no Redis needed). scripts/run_dev.py
# refuses a second worker on the same var/ and always stops the worker (TERM, then KILL).
run: install
	@$(PY) scripts/run_dev.py --check
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo "HallOps on http://$(HOST):$(PORT)/  (demo logins: see README.md)"
	DJANGO_DEBUG=1 $(PY) scripts/run_dev.py --host $(HOST) --port $(PORT)

# mypy checks the annotated modules listed under [tool.mypy] in pyproject.toml (cached in
# .mypy_cache: a warm run takes seconds).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

# The whole suite. DATABASE_URL=postgres://… runs it on PostgreSQL (as .ci/run does).
test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Re-extract messages (needs GNU gettext's xgettext) and compile the catalogues with polib,
# so a machine that only runs HallOps needs no gettext.
messages: install
	$(PY) manage.py makemessages --locale zh_Hans --locale en --no-location --no-obsolete \
		--ignore=.venv --ignore=var --ignore=staticfiles --ignore=node_modules
	$(PY) scripts/compile_messages.py

check-deploy: install
	HALLOPS_PRODUCTION=1 SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
		DATABASE_URL=$${DATABASE_URL:-postgres://hallops@localhost:5432/hallops} \
		CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://localhost:6379/0} \
		ALLOWED_HOSTS=hallops.example.com $(PY) manage.py check --deploy --fail-level WARNING

worker: install
	$(VENV)/bin/celery -A hallops worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A hallops beat --loglevel=INFO

clean:
	rm -rf var staticfiles
