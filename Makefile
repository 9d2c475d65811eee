# The two commands a fresh machine needs (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
# The demo data runs June 2014 – February 2015; `make run` shows it as it stood at the end.
DEMO_TODAY ?= 2015-02-27
PY := $(VENV)/bin/python

.PHONY: run setup test system-packages

run: setup  ## Set up everything, load the Medway notice and demo data, serve on http://127.0.0.1:8000
	@echo "Demo clock: pages read as on 27 February 2015, the end of the demo data (NOTICE_TRACKER_TODAY)."
	DEBUG=true NOTICE_TRACKER_TODAY=$(DEMO_TODAY) $(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.installed
	scripts/install-system-packages app
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true NOTICE_TRACKER_TODAY=$(DEMO_TODAY) $(PY) manage.py load_demo

test: $(VENV)/.installed system-packages  ## Run every test (SQLite unless DATABASE_URL says otherwise)
	$(PY) -m pytest

system-packages:
	scripts/install-system-packages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@echo "== Python environment in $(VENV) (the first time takes a few minutes)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar on -r requirements-dev.txt
	touch $@

