# clinlead: `make run` serves the site, `make test` runs every check. Both start with `make install`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# The PostgreSQL database the second test pass runs on (pytest-django creates test_<name> from it).
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/clinlead
# The Redis server the PostgreSQL pass uses as its cache (production's set-up); the tests use its
# database number REDIS_TEST_DB (default 15, see conftest.py), never the one a running site uses.
REDIS_TEST_URL ?= redis://127.0.0.1:6379
REDIS_TEST_DB ?= 15
# Which databases `make test` runs the suite on: "sqlite postgres" (default), or one of them.
TEST_DATABASES ?= sqlite postgres
PYTEST_ARGS ?=

.PHONY: help install run test lint test-sqlite test-postgres loadcontent checkcontent bench bench-search bench-reports clean

help:
	@echo "make run    install, migrate, load the content and serve http://127.0.0.1:8000"
	@echo "make test   install, lint, type-check, check import contracts and content, run the tests"
	@echo "            on SQLite and PostgreSQL (TEST_DATABASES=sqlite or postgres for one)"

# Idempotent: each step is skipped when what it installs is already up to date.
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
NOTO := /usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf
ZENHEI := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
SUDO := $(if $(shell id -u | grep -qx 0 && echo root),,sudo)

install: $(VENV)/.installed node_modules/.installed /usr/bin/chromium /usr/bin/xmlsec1 $(DEJAVU) $(NOTO) $(ZENHEI)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium; never a browser downloaded by a test tool.
/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The SAML identity provider of the single sign-on tests (pysaml2) signs and encrypts with Debian's xmlsec1.
/usr/bin/xmlsec1:
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1

# Certificates are drawn in DejaVu Sans, which covers the accented and non-Latin letters in learners' names.
$(DEJAVU):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core

# Names in other scripts: Noto Sans for Arabic, Hebrew, Indic and other scripts, and WenQuanYi Zen
# Hei for Chinese, Japanese and Korean (TrueType outlines: ReportLab cannot embed Noto CJK's CFF).
$(NOTO):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core

$(ZENHEI):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) loadcontent content/
	$(MANAGE) runserver 127.0.0.1:8000

checkcontent: install
	$(MANAGE) checkcontent content/

loadcontent: install
	$(MANAGE) loadcontent content/

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) tools/housemap.py --check
	$(MANAGE) checkcontent content/
	DJANGO_SETTINGS_MODULE=clinlead.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=example.org SITE_URL=https://example.org $(MANAGE) check --deploy --fail-level WARNING

# The two databases' passes run at the same time (the machine has two cores; each pass mostly waits on one), each
# with its own var/ folder and Redis test database (Celery's test workers must not take each other's tasks). Each
# pass's output goes to var/test-logs/<database>.log and is printed when both have finished.
# Both databases side by side. The identity providers' own tests (tests/idp) use no database: the SQLite pass
# runs them, the PostgreSQL pass does not repeat them.
test: lint
	@mkdir -p var/test-logs; \
	for db in $(TEST_DATABASES); do \
	  if [ $$db = postgres ]; then url=$(POSTGRES_TEST_URL); redis=$(REDIS_TEST_URL); index=$(REDIS_TEST_DB); only=--ignore=tests/idp; \
	  else url=; redis=; index=$$(( $(REDIS_TEST_DB) - 1 )); only=; fi; \
	  echo "== tests on $$db (cache: $${redis:-database}), started $$(date +%T) =="; \
	  ( DATABASE_URL=$$url REDIS_URL=$$redis REDIS_TEST_DB=$$index CLINLEAD_VAR_DIR=$(CURDIR)/var/test-$$db \
	    $(VENV)/bin/pytest $(PYTEST_ARGS) $$only > var/test-logs/$$db.log 2>&1; echo $$? > var/test-logs/$$db.rc ) & \
	done; wait; status=0; \
	for db in $(TEST_DATABASES); do \
	  echo "== tests on $$db: $$(tail -n 1 var/test-logs/$$db.log) =="; cat var/test-logs/$$db.log; \
	  [ "$$(cat var/test-logs/$$db.rc)" = 0 ] || status=1; \
	done; exit $$status

test-sqlite:
	$(MAKE) test TEST_DATABASES=sqlite

test-postgres:
	$(MAKE) test TEST_DATABASES=postgres

# Not part of `make test`: throughput and latency against a production-like server (see bench/run.py).
bench: install
	$(PY) bench/run.py
	$(PY) -m bench.search
	$(PY) -m bench.staff_upload
	$(PY) -m bench.reports_scale

# The reports at national scale alone (see bench/reports_scale.py; BENCH_REPORTS_ACCOUNTS and
# BENCH_REPORTS_COMPLETIONS for a smaller try).
bench-reports: install
	$(PY) -m bench.reports_scale

# The search page alone, on its own port and databases (see bench/search.py).
bench-search: install
	$(PY) -m bench.search

clean:
	rm -rf $(VENV) node_modules var
