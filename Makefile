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
# IMPORTARBETARE import workers (db_worker) run beside gunicorn; set it to 0 when they run as
# services of their own, e.g. on other machines (`make worker`, README "Drift").
# SIGTERM to make (systemd) or Ctrl-C stops gunicorn and every worker, each finishing its
# request or task first; if gunicorn stops by itself, the workers stop with it.
serve: $(BIN)/.installed
	@test -n "$$DATABASE_URL" || { echo "Sätt DATABASE_URL, t.ex. postgres://postgres@127.0.0.1:5432/deltagare" >&2; exit 1; }
	@case "$${IMPORTARBETARE:-1}" in ''|*[!0-9]*) \
	  echo "IMPORTARBETARE måste vara ett heltal (0 eller fler), inte '$$IMPORTARBETARE'." >&2; exit 1;; esac
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v 0
	@loopar=""; g=""; trap 'kill $$g $$loopar 2>/dev/null' INT TERM; \
	n=$${IMPORTARBETARE:-1}; \
	while [ $$n -gt 0 ]; do ( $(ARBETARE_MED_OMSTART) ) & loopar="$$loopar $$!"; n=$$((n-1)); done; \
	DJANGO_DEBUG=0 $(BIN)/gunicorn finsam.wsgi --config gunicorn.conf.py --bind $${BIND:-127.0.0.1:8000} \
	  --workers $${WORKERS:-3} --access-logfile - --timeout 120 & g=$$!; \
	wait $$g; kod=$$?; kill $$g $$loopar 2>/dev/null; wait; exit $$kod

# One import worker on its own (a systemd service, another machine sharing the PostgreSQL
# database), started again when it stops. Stopped with SIGTERM it finishes its task first.
worker: $(BIN)/.installed
	@test -n "$$DATABASE_URL" || { echo "Sätt DATABASE_URL, t.ex. postgres://postgres@127.0.0.1:5432/deltagare" >&2; exit 1; }
	@$(ARBETARE_MED_OMSTART)

# Seconds before an import worker that stopped is started again.
OMSTART_S ?= 5
# An import worker that is started again whenever it stops: db_worker exits when the database
# goes away for a moment (a restart, a failover), and nothing else would start it, so imports
# would wait in the queue for ever. SIGTERM (or SIGINT) to the loop stops the worker, which
# finishes its task first, and the loop; the worker and the pause run in the background so the
# signal is handled at once, and the loop waits for them so that nothing outlives it.
ARBETARE_MED_OMSTART = a=""; s=""; trap 'kill $$a $$s 2>/dev/null; wait; exit 0' INT TERM; \
	while :; do \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py db_worker --no-reload --interval 2 & a=$$!; \
	  wait $$a; kod=$$?; \
	  echo "Arbetsprocessen slutade (kod $$kod); startar om om $(OMSTART_S) s." >&2; \
	  sleep $(OMSTART_S) & s=$$!; wait $$s; \
	done

clean:
	rm -rf $(VENV) db.sqlite3 test-db-*.sqlite3* staticfiles .pytest_cache
