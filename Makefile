# The front door. `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: demo test install install-dev idp env migrate seed serve sso-demo lint format messages bench load clean

demo: install env migrate seed serve ## Install, migrate the SQLite database, load demo data, serve on :8000

test: install-dev idp ## Install what the tests need and run the whole suite
	$(VENV)/bin/pytest

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt

install-dev: $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt

# The local identity providers of the single sign-on tests and `make sso-demo` (sso/idp/),
# pinned in package.json and package-lock.json. Without npm the tests that need them are
# skipped (or fail with REQUIRE_BROWSER=1, as in CI).
idp: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else echo "npm is missing: the identity-provider tests will be skipped (apt-get install -y nodejs npm)."; fi

# A local .env for development: DEBUG on and a random secret key, written once.
env: .env
.env:
	@printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env (DEBUG=1, a random SECRET_KEY). See .env.example for every variable."

migrate:
	$(PY) manage.py migrate --no-input

seed:
	$(PY) manage.py seed_demo

serve: ## runserver, with the beat's jobs (reminders, surveys) every minute in-process
	$(PY) manage.py serve_demo 127.0.0.1:8000

sso-demo: install idp env migrate seed ## The demo with a local OpenID Connect and a local SAML provider
	$(PY) manage.py sso_demo

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: ## Refresh locale/fr after changing strings, then compile
	DEBUG=1 $(PY) manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=node_modules
	DEBUG=1 $(PY) manage.py compilemessages -l fr --ignore=.venv

bench: install-dev
	$(PY) bench/import_people.py
	$(PY) bench/pairing.py

load: install-dev ## 100 people of a whole company for 3 minutes against gunicorn, PostgreSQL, Redis and Celery
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
