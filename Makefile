# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Development defaults; production sets its own environment (see README).
export DJANGO_DEBUG ?= 1

.PHONY: run test serve worker check-python chromium clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 eller senare krävs (hittade %s)." % sys.version.split()[0])'

$(BIN)/.installed: requirements.txt constraints.txt | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(BIN)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ladda_demo
	@echo ""
	@echo "Öppna http://127.0.0.1:8000/ och logga in med en av inloggningarna ovan."
	@# The import worker (task queue in the database) runs beside the web server and stops with it.
	$(BIN)/python manage.py db_worker --interval 1 & ARBETARE=$$!; \
	trap 'kill $$ARBETARE 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(BIN)/.installed-dev chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's chromium (tools that download their own browser fail here).
# Installed when missing and possible (root with apt); otherwise the rest of the suite runs and
# pytest says that the browser tests did not run (conftest.py).
chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installerar Debians chromium för webbläsartesterna ..."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	      || echo "Kunde inte installera chromium; webbläsartesterna körs inte."; \
	  else \
	    echo "chromium saknas och kan inte installeras här (kräver root och apt); webbläsartesterna körs inte."; \
	  fi; \
	}

# Production-like: gunicorn + PostgreSQL, no DEBUG. Needs DATABASE_URL, DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS in the environment (see README, "Drift"). gunicorn.conf.py keeps query
# strings out of the access log and trusts no proxy header unless DJANGO_ANTAL_PROXYER says so.
serve: $(BIN)/.installed
	@test -n "$$DATABASE_URL" || { echo "Sätt DATABASE_URL, t.ex. postgres://postgres@127.0.0.1:5432/deltagare"; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v 0
	@# IMPORTARBETARE import workers (db_worker) run beside gunicorn and stop with it; set it to 0
	@# when they run as services of their own, e.g. on other machines (`make worker`, README "Drift").
	n=$${IMPORTARBETARE:-1}; pids=""; \
	while [ $$n -gt 0 ]; do DJANGO_DEBUG=0 $(BIN)/python manage.py db_worker --no-reload --interval 2 & pids="$$pids $$!"; n=$$((n-1)); done; \
	trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 $(BIN)/gunicorn finsam.wsgi --config gunicorn.conf.py --bind $${BIND:-127.0.0.1:8000} --workers $${WORKERS:-3} --access-logfile - --timeout 120

# One import worker on its own (a systemd service, another machine sharing the PostgreSQL
# database). Stopped with SIGTERM it finishes the task it is running first.
worker: $(BIN)/.installed
	@test -n "$$DATABASE_URL" || { echo "Sätt DATABASE_URL, t.ex. postgres://postgres@127.0.0.1:5432/deltagare"; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py db_worker --no-reload --interval 2

clean:
	rm -rf $(VENV) db.sqlite3 test-db-*.sqlite3* staticfiles .pytest_cache
