# The two commands a newcomer needs: `make run` and `make test`. Everything else here
# is what they are made of.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_CASES ?= 25

.PHONY: run test install migrate demo lint messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Navigator needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py seed_demo --cases $(DEMO_CASES)

# Serves on http://$(HOST):$(PORT). With REDIS_URL set, a Celery worker (with beat)
# runs beside the server and stops with it; without it, tasks run in-process.
run: demo
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker beside the server (REDIS_URL is set)"; \
		DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/celery -A navigator worker --beat --loglevel=INFO --concurrency=2 & \
		worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else \
		DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Family-facing text only: staff pages and the admin stay in English for now, so the
# shipped catalogues can be complete (a test checks that they are).
MESSAGE_LANGUAGES := zh_Hans es
MESSAGE_IGNORES := --ignore=.venv --ignore=var --ignore=tests --ignore=bench \
	--ignore=templates/staff --ignore=templates/admin --ignore=cases/admin.py \
	--ignore=content/admin.py --ignore=navigator/admin.py --ignore=cases/staff_forms.py \
	--ignore=cases/views/staff.py --ignore=cases/views/staff_auth.py \
	--ignore=cases/views/decorators.py --ignore=cases/views/generated.py \
	--ignore=cases/filters.py --ignore=cases/models/staff.py --ignore=cases/models/work.py \
	--ignore=cases/models/audit.py --ignore=cases/models/jobs.py --ignore=cases/middleware.py \
	--ignore=cases/management --ignore=content/management --ignore=staticfiles \
	--ignore=templates/cases/pdf/case_summary.html

messages: install
	mkdir -p locale
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py makemessages $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) $(MESSAGE_IGNORES) --no-obsolete
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py compilemessages --ignore=.venv

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
