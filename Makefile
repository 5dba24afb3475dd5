# RosterHub: `make run` starts everything on embedded defaults; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= rosterhub.settings

.PHONY: setup run test test-fast lint chromium messages migrate seed clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check "setuptools<81" wheel
	# --no-build-isolation: xstatic-bootstrap's sdist still imports pkg_resources (setuptools<81).
	$(BIN)/pip install -q --disable-pip-version-check --no-build-isolation -r requirements.txt
	touch $@

messages: $(BIN)/.installed
	$(BIN)/python manage.py compile_translations

setup: $(BIN)/.installed messages

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

test: setup chromium
	DJANGO_SETTINGS_MODULE=rosterhub.settings_test $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	DJANGO_SETTINGS_MODULE=rosterhub.settings_test $(BIN)/python -m pytest -m "not browser and not worker and not crawl" $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var staticfiles
