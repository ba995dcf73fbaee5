# Two commands for a fresh machine (see README):
#   make run    set everything up, then run the app on http://127.0.0.1:5000
#   make test   set everything up, then run the whole test suite
# Everything comes from PyPI, npm and Debian packages by name; nothing else is downloaded.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 5000

.PHONY: setup run test bench bench-load clean messages review-kit review-import

PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

setup: $(VENV)/.installed static/dist/manifest.json $(MO_FILES)

# Compiled catalogues are build output, made from the .po files.
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d translations -l $* 2>&1 | grep -v '^compiling' || true
	test -f $@

# After changing any text in prep/ or templates/: refresh the catalogue and every .po.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-wrap --sort-by-file \
		--project "Conference prep" --copyright-holder "Conference prep" -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-wrap --ignore-obsolete

# A spreadsheet per language for a qualified translator: make review-kit LANG=ur (or LANG=all),
# written to build/review-kit/. Back in: make review-import FILE=build/review-kit/review-kit-ur.xlsx
# (writes the corrections into the .po, records the sign-off per message, recompiles).
review-kit: $(VENV)/.installed
	env LANG=C.UTF-8 LC_ALL=C.UTF-8 $(PY) -m prep review-kit --lang "$(LANG)" -o build/review-kit

review-import: $(VENV)/.installed
	env LANG=C.UTF-8 LC_ALL=C.UTF-8 $(PY) -m prep review-import "$(FILE)"
	$(MAKE) setup

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Fingerprinted CSS and JS, their .gz/.br copies and manifest.json (scripts/build-assets.mjs).
static/dist/manifest.json: node_modules/.installed scripts/build-assets.mjs $(wildcard static/src/* templates/*.html templates/*/*.html)
	npm run --silent build

run: setup
	SESSION_COOKIE_SECURE=0 $(VENV)/bin/flask --app app run --port $(PORT)

# The draft-store tests also run against a real PostgreSQL, the shared rate limits against a
# real Redis, tests/browser drive Debian's Chromium, and the PDF tests read statements back
# with poppler-utils and check the bidi code against unicode-data (each installed from
# Debian when missing). Screenshots go to build/screenshots/.
test: setup
	bash scripts/postgres-for-tests.sh
	bash scripts/redis-for-tests.sh
	bash scripts/chromium-for-tests.sh
	bash scripts/pdf-tools-for-tests.sh
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/bench_pdf.py
	$(PY) bench/bench_pages.py
	$(PY) bench/bench_weight.py
	$(PY) bench/bench_drafts.py
	$(PY) bench/bench_sending.py

# gunicorn (2 workers) under locust parents walking the whole journey for 60 s; writes
# bench/load/results.md. Shorter: make bench-load BENCH_ARGS="--seconds 10 --out -"
bench-load: setup
	$(PY) bench/load/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/dist build translations/*/LC_MESSAGES/*.mo
