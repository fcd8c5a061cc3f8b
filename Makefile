# Two commands for a fresh machine: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test install migrate seed worker lint check-deploy bench clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python 3.11 trở lên (Python >= 3.11 required)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo

# One background worker (large exports) runs beside the web server, in the same shell: the trap stops it when
# runserver stops (Ctrl+C, kill, timeout), so nothing is left running.
run: seed
	@echo "Thi đua: http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@$(DEV_ENV) $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM HUP; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# A worker on its own (e.g. beside `manage.py runserver` started by hand); in production see the README.
worker: migrate
	$(DEV_ENV) $(PY) manage.py db_worker

# The suite runs on DATABASE_URL when it is set (PostgreSQL), on SQLite otherwise.
test: install
	$(PY) -m pytest

# Server time of the dashboards on a synthetic city (1,000 units × 30 indicators × 4 periods), in a throw-away
# database on the server of DATABASE_URL (a temporary SQLite file when unset). Quick run:
# make bench BENCH_ARGS="--units 50 --indicators 5 --periods 2 --runs 3"
bench: install
	DATABASE_URL="$(DATABASE_URL)" $(PY) -m bench $(BENCH_ARGS)

# The floors: no app imports a higher app or another app's views (tools/check_floors.py; known debt in
# tools/floor_debt.txt, which may only shrink).
lint: install
	$(PY) -m ruff check .
	$(PY) -m tools.check_floors
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

check-deploy: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		DJANGO_ALLOWED_HOSTS=thidua.example.gov.vn $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles *.egg-info
