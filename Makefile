# The two commands of the README contract are `make demo` and `make test`;
# everything else is extra. Every target creates the environment if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2 -p no:cacheprovider
# Browser tests use Debian's Chromium when it is there.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: demo test test-sqlite test-postgres lint serve bench messages clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/scdt migrate --no-input
	$(BIN)/scdt demo
	$(BIN)/scdt serve --host $(HOST) --port $(PORT)

serve: $(STAMP)
	$(BIN)/scdt migrate --no-input
	$(BIN)/scdt serve --host $(HOST) --port $(PORT)

# SQLite always; PostgreSQL as well when DATABASE_URL points to one.
test: $(STAMP)
	$(MAKE) test-sqlite
	@case "$$DATABASE_URL" in postgres*) $(MAKE) test-postgres ;; *) echo "DATABASE_URL is not PostgreSQL: PostgreSQL run skipped" ;; esac

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

messages: $(STAMP)
	cd src/scdt && ../../$(BIN)/scdt makemessages -l fi -l pl -l lt --no-obsolete && ../../$(BIN)/scdt compilemessages

clean:
	rm -rf $(VENV) var/ .pytest_cache
