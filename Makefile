# Xiaowei: two commands. `make run` serves the demo; `make test` runs the whole suite.
# Both set everything up on a fresh clone (a virtualenv in .venv, pinned packages, the database).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export XIAOWEI_HOME ?= $(CURDIR)/var

.PHONY: run test test-sqlite test-postgres lint setup bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

run: setup
	$(BIN)/xiaowei migrate --noinput -v 0
	$(BIN)/xiaowei collectstatic --noinput -v 0
	$(BIN)/xiaowei demo --if-empty
	$(BIN)/xiaowei catalog load --if-empty
	PORT=$(PORT) $(BIN)/xiaowei serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# SQLite always; PostgreSQL too when it answers (required on CI). See scripts/test.sh.
test: setup
	$(BIN)/ruff check .
	$(BIN)/xiaowei makemigrations --check --dry-run -v 0
	scripts/test.sh

test-sqlite: setup
	$(BIN)/pytest -n 2

bench: setup
	@echo "No benchmarks yet for the foundation; later issues add them under bench/."

clean:
	rm -rf $(VENV) var .pytest_cache
