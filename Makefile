# `make run` (system up with demo data), `make test` (whole suite), `make serve` (production).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DEBUG ?= 1

.PHONY: install install-test run serve test lint bench clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py demo_accounts
	@echo "Mở http://127.0.0.1:$(PORT)/ — Ctrl-C để dừng máy chủ và tiến trình nền."
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py tdkt_worker & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload; \
	  wait

# Production: SECRET_KEY required, DEBUG always off, no demo data (docs/deploy.md).
serve: install
	@env -u DEBUG $(PY) -m tdkt.serve

test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install-test
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf var test-artifacts .pytest_cache
