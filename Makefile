# Dateline: the README's two commands are `make demo` and `make test`.
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/dateline
LANGS := it zh_Hans es

# Use uv where it runs; otherwise bootstrap it with pip into .tools/.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
RUN := $(UV) run --frozen
DATELINE := $(RUN) dateline

.PHONY: serve-production demo digest mail translations test lint check messages messages-check test-sqlite test-postgres test-odd-date test-dates bench screenshots clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: uv.lock pyproject.toml | $(filter .tools/bin/uv,$(UV))
	$(UV) sync --frozen
	touch $@

# Test tools from the npm registry (axe-core, for the accessibility test).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "The browser tests need Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Compiled translations are built, never committed (Babel: no system gettext needed).
translations: .venv/.synced
	$(RUN) python scripts/compile_translations.py

# The demo's e-mails are files in data/mail/, one per sending (docs/demo.md).
demo digest: export EMAIL_URL ?= filemail://$(CURDIR)/data/mail

demo: .venv/.synced translations
	$(DATELINE) migrate --no-input
	BASE_URL=http://$(HOST):$(PORT) $(DATELINE) demo
	$(DATELINE) collectstatic --no-input -v0
	@echo "E-mails are written to $(EMAIL_URL)"
	@# A worker runs background tasks (See also, mail) beside the server; both stop together.
	trap 'kill 0' EXIT; $(DATELINE) worker & \
		BASE_URL=http://$(HOST):$(PORT) $(DATELINE) runserver $(HOST):$(PORT)

# Dateline as in production, on this machine (docs/deployment.md): Varnish on PORT,
# gunicorn, a worker, PostgreSQL and Redis, with the demo content.
serve-production: .venv/.synced translations
	@command -v varnishd >/dev/null || test -x /usr/sbin/varnishd || { echo "Needs Varnish (apt-get install varnish)"; exit 1; }
	scripts/ensure-postgres
	scripts/ensure-redis
	$(RUN) python scripts/serve_production.py --port $(PORT)

# The newest e-mail the demo wrote, decoded (MAIL_BACK=1 for the one before).
MAIL_BACK ?= 0
mail:
	@python3 scripts/last_mail.py data/mail $(MAIL_BACK)

# Today's digest, now (the worker sends it by itself from DATELINE_NEWSLETTER_DAILY_AT).
digest: .venv/.synced
	$(DATELINE) newsletters send --frequency daily

test: lint check messages-check test-sqlite test-postgres test-odd-date

lint: .venv/.synced
	$(RUN) ruff format --check .
	$(RUN) ruff check .
	@# No import cycle, nothing pointing back up, no file or function too long.
	$(RUN) python scripts/structure.py --check

check: .venv/.synced
	$(DATELINE) check --fail-level WARNING
	$(DATELINE) makemigrations --check --dry-run

# Regenerate the .po files from the code; CI fails if that changed them.
messages: .venv/.synced
	@command -v xgettext >/dev/null || { echo "makemessages needs GNU gettext (apt-get install gettext)"; exit 1; }
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(DATELINE) makemessages \
		$(foreach l,$(LANGS),-l $(l)) --no-location --no-obsolete \
		--ignore data --ignore tests --ignore bench --ignore scripts --ignore docs

messages-check: messages
	@git diff --exit-code --stat -- src/dateline/locale \
		|| { echo "Translations are out of date: run 'make messages', translate, commit."; exit 1; }
	@if grep -l -E '^#, fuzzy' src/dateline/locale/*/LC_MESSAGES/django.po; then echo "Fuzzy translations left."; exit 1; fi
	$(RUN) python scripts/check_translations.py

# The suite on both cores (pytest-xdist), with the slowest tests listed at the end.
# Tests go to the workers one by one, in pytest-django's order: a transactional test
# leaves its database flushed until the next restores it, so those run last on each
# worker (a file to a worker, --dist loadfile, would run plain tests after them).
# Only the browser tests go together (loadgroup): they share one real site.
PYTEST_WORKERS ?= 2
PYTEST := $(RUN) pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=15

test-sqlite: .venv/.synced translations node_modules/.installed
	$(PYTEST)

test-postgres: .venv/.synced translations node_modules/.installed
	scripts/ensure-postgres
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) --create-db

# The tests marked `clock` once more at an odd moment: 23:50 on a leap day in UTC,
# already Wednesday 1 March in the agency's zone (Tokyo). Every Python process of
# the run shares the moved clock (tests/clock/sitecustomize.py).
ODD_DATE ?= 2028-02-29T23:50:00+00:00
ODD_ZONE ?= Asia/Tokyo
test-odd-date: .venv/.synced translations node_modules/.installed
	$(RUN) python scripts/test_on_date.py $(ODD_DATE) $(ODD_ZONE) -- -m clock -n $(PYTEST_WORKERS)

# The whole suite on the days that break calendar code (long: for a release).
DATES ?= 2027-03-01T09:00:00+00:00,Asia/Seoul 2027-03-03T10:00:00+00:00,Europe/Rome \
	2026-12-31T23:50:00+00:00,UTC 2028-02-29T12:00:00+00:00,Asia/Kolkata \
	2027-03-28T00:50:00+00:00,Europe/Rome 2027-10-31T00:50:00+00:00,Europe/Rome
test-dates: .venv/.synced translations node_modules/.installed
	@set -e; for spec in $(DATES); do \
		$(RUN) python scripts/test_on_date.py $${spec%%,*} $${spec#*,} -- -q; done

# Figures for docs/performance.md (they print; nothing asserts a time).
BENCH_ARTICLES ?= 100000
BENCH_SUBSCRIBERS ?= 100000
BENCH_SERVING_ARTICLES ?= 100000
BENCH_IMPORT_ARTICLES ?= 1000000
bench: .venv/.synced translations
	@echo "See also on the tuning set (its settings were chosen on it):"
	$(DATELINE) evaluate_see_also --no-progress bench/data/demo-stories.jsonl bench/data/stories.jsonl
	@echo "See also on the held-out set (the figures reported in docs/see-also.md):"
	$(DATELINE) evaluate_see_also --no-progress bench/data/heldout-stories.jsonl
	$(RUN) python bench/see_also.py --articles $(BENCH_ARTICLES)
	$(RUN) python bench/search.py --articles $(BENCH_ARTICLES)
	scripts/ensure-postgres
	$(RUN) python bench/search.py --articles $(BENCH_ARTICLES) --database postgres
	$(RUN) python bench/newsletters.py --subscribers $(BENCH_SUBSCRIBERS)
	$(RUN) python bench/admin.py --articles $(BENCH_ARTICLES)
	$(RUN) python bench/admin.py --articles $(BENCH_ARTICLES) --database postgres
	$(RUN) python bench/importer.py --articles $(BENCH_IMPORT_ARTICLES) --database postgres --parallel
	$(RUN) python bench/reader.py
	scripts/ensure-redis
	$(RUN) python bench/serving.py --articles $(BENCH_SERVING_ARTICLES) --database postgres
	$(RUN) python bench/crawlers.py --articles $(BENCH_SERVING_ARTICLES) --database postgres

# Screenshots of every page type at phone and desktop size, for docs/screenshots/
# (the browser tests take them as they check each page). Chinese pages need CJK
# fonts on the machine (apt-get install fonts-noto-cjk).
screenshots: .venv/.synced translations node_modules/.installed
	rm -f docs/screenshots/*.png
	DATELINE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(RUN) pytest -q tests/browser

clean:
	rm -rf .venv .tools data node_modules
