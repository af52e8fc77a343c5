# The two commands a newcomer needs: `make run` and `make test`. Everything else here
# is what they are made of.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_CASES ?= 25

.PHONY: run test install migrate demo lint messages clean mail

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
# runs beside the server and stops with it; without it, tasks run in-process. Links in
# e-mails follow HOST and PORT, and the demo's e-mails are written to var/mail/ (see
# `make mail`) unless EMAIL_URL says otherwise.
run: export NAVIGATOR_PUBLIC_URL ?= http://$(HOST):$(PORT)
run: export EMAIL_URL ?= filemail://$(CURDIR)/var/mail
run: demo
	@echo "E-mails the demo sends are in var/mail/ ('make mail' shows the newest)."
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

# Family-facing words only: core/management/commands/makemessages.py lists the folders
# families read; staff pages stay in English. The shipped catalogues must be complete.
MESSAGE_LANGUAGES := zh_Hans es ar ru fr

messages: install
	mkdir -p locale
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py makemessages $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) --no-obsolete
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py compilemessages --ignore=.venv

# The newest e-mail `make run` wrote (status links, resume links, notices).
mail:
	@newest=$$(ls -t var/mail/*.log 2>/dev/null | head -1); \
	if [ -n "$$newest" ]; then cat "$$newest"; else echo "No e-mails yet in var/mail/."; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
