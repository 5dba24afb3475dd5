# RosterHub: `make run` starts everything on embedded defaults; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local runs keep the test database between runs (tests/conftest.py); CI passes --create-db.
PYTEST_ARGS ?= --reuse-db
export DJANGO_SETTINGS_MODULE ?= rosterhub.settings

.PHONY: setup setup-dev run test test-fast lint chromium messages migrate seed clean requirements

PIP := $(BIN)/pip install -q --disable-pip-version-check --require-hashes
# pip-tools lives in its own throwaway venv, never in .venv.
PIPTOOLS ?= /tmp/rosterhub-piptools

# Runtime (requirements/base.txt) for `make run` and the image; development and test tools
# (requirements/dev.txt, which includes base) for `make test`. Both pinned with hashes (pip-tools).
$(BIN)/.installed-base: requirements/build.txt requirements/base.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements/build.txt
	# --no-build-isolation: xstatic-bootstrap's sdist still imports pkg_resources (setuptools<81, build.txt).
	$(PIP) --no-build-isolation -r requirements/base.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed-base requirements/dev.txt
	$(PIP) --no-build-isolation -r requirements/dev.txt
	touch $@

requirements: requirements/base.in requirements/dev.in requirements/build.in
	test -x $(PIPTOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIPTOOLS) && $(PIPTOOLS)/bin/pip install -q pip-tools "setuptools<81" wheel; }
	for f in base dev build; do CUSTOM_COMPILE_COMMAND="make requirements" $(PIPTOOLS)/bin/pip-compile -q --generate-hashes \
	  --allow-unsafe --strip-extras --no-build-isolation --no-emit-index-url --no-emit-find-links \
	  -o requirements/$$f.txt requirements/$$f.in || exit 1; done

messages: $(BIN)/.installed-base
	$(BIN)/python manage.py compile_translations

setup: $(BIN)/.installed-base messages

setup-dev: $(BIN)/.installed-dev messages

migrate: setup
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --if-empty

run: seed
	PORT=$(PORT) $(BIN)/python -m rosterhub.runall

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install -y chromium"; fi; }

test: setup-dev chromium
	DJANGO_SETTINGS_MODULE=rosterhub.settings_test $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup-dev
	DJANGO_SETTINGS_MODULE=rosterhub.settings_test $(BIN)/python -m pytest -m "not browser and not worker and not crawl" $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var staticfiles
