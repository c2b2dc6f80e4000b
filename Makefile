# Xiaowei: two commands. `make run` serves the demo; `make test` runs the whole suite.
# Both set everything up on a fresh clone (a virtualenv in .venv, pinned packages, the database).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export XIAOWEI_HOME ?= $(CURDIR)/var

.PHONY: run test check test-sqlite test-postgres setup system-packages bench clean

# Debian packages: a CJK font for board PDFs (else empty boxes), HarfBuzz subsetting (else 6–14 s per PDF),
# poppler to check PDFs, zbar to decode QR codes in tests; Pango is WeasyPrint's text engine. Installed
# when we are root on Debian; otherwise we say what to install (the PDF tests then skip, saying why).
SYSTEM_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 poppler-utils zbar-tools libpango-1.0-0 libpangoft2-1.0-0

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "请安装 / please install: sudo apt-get install $$missing（公开栏 PDF 需要 / needed for notice-board PDFs）" >&2; fi; \
	fi

setup: system-packages $(BIN)/.installed

run: setup
	$(BIN)/xiaowei migrate --noinput -v 0
	$(BIN)/xiaowei collectstatic --noinput -v 0
	$(BIN)/xiaowei demo --if-empty
	$(BIN)/xiaowei catalog load --if-empty
	PORT=$(PORT) $(BIN)/xiaowei serve

# SQLite always; PostgreSQL too when it answers (required on CI). See scripts/test.sh.
# The checks first (style, formatting, migrations, the layering of docs/architecture.md, types), then the
# suite on SQLite and PostgreSQL.
test: setup check
	scripts/test.sh

check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/xiaowei makemigrations --check --dry-run -v 0
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

test-sqlite: setup
	$(BIN)/pytest -n 2

# Benchmarks print figures (they assert nothing). BENCH_ARGS, e.g. "--leaves 1000000" for a quick run of the
# log; the county-scale ones (1.1 M results, 200 k vouchers) take several minutes each.
bench: setup
	$(BIN)/python bench/log_bench.py $(BENCH_ARGS)
	$(BIN)/python bench/projects_bench.py
	$(BIN)/python bench/results_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/finance_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache
