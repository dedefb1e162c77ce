# Buenas Prácticas CRM–CSM. `make help` lists the targets; CI runs `make test`.
# Set-up is automatic: every target creates or updates .venv from the lock (requirements/).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
.PHONY: help validate site serve test links bench new node chromium screenshots lock clean

help: ## List the targets with one line each
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.12 (or another)")'
	$(PYTHON) -m venv $(VENV)

# One stamp per dependency group of pyproject.toml, installed from its lock: requirements/GROUP.txt
# (exported from uv.lock by `make lock`) pins every package, dependencies included, with the
# hashes of its files: pip takes no other file (--require-hashes). Wheels wherever the lock has
# one; a package published only as source is built from its hash-checked sdist (feedgen).
# Re-installed whenever that file changes. scripts/ goes on the venv's import path (a .pth
# file): bench/ and tools import its modules without sys.path inserts.
$(VENV)/.group-%: requirements/%.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $<
	@$(BIN)/python -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_path('purelib'), 'buenas-practicas-scripts.pth').write_text('$(CURDIR)/scripts\\n')"
	@touch $@

# uv.lock: one resolution of every group for every platform; requirements/: one export per group.
lock: $(VENV)/.group-lock ## Update the lock after editing pyproject.toml's groups (UPGRADE=1: newest allowed versions)
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv lock --no-config --python $(BIN)/python $(if $(UPGRADE),--upgrade)
	@for group in $$($(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["dependency-groups"])'); do \
	  echo "requirements/$$group.txt"; \
	  $(BIN)/uv export --no-config --frozen --only-group $$group --no-emit-project --format requirements.txt --output-file requirements/$$group.txt --quiet || exit 1; \
	done

# The npm packages of package-lock.json, installed again whenever it changes (the stamp is
# node_modules/.npm-ci): world-atlas, the Natural Earth boundaries that scripts/regionmap.py
# draws the region map from at build time. No package's install scripts run.
NPM_STAMP := node_modules/.npm-ci
$(NPM_STAMP): package.json package-lock.json | node
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Installs the Debian packages of the commands that are missing: $(call apt_missing,cmd:package ...)
# (only those: a machine with NodeSource's nodejs, which brings its own npm, keeps it). Without
# apt-get (macOS, Fedora ...) it says what is missing and stops instead.
define apt_missing
	@missing=""; for pair in $(1); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ] && ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make $@: missing$$missing (Debian's package names), and no apt-get here to install them." >&2; \
	  echo "Install them yourself (macOS: brew install node; Fedora: sudo dnf install nodejs npm), then run make again." >&2; \
	  exit 1; fi; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
endef

validate: $(VENV)/.group-site ## Check every record in practices/ (all problems, one per line)
	$(BIN)/python scripts/validate.py $(if $(GITHUB_ACTIONS),--github)

site: validate $(NPM_STAMP) ## Build the bilingual site into site/ (mkdocs build --strict, published atomically)
	$(BIN)/python scripts/build_site.py

serve: $(VENV)/.group-site $(NPM_STAMP) ## mkdocs serve --dirty on http://127.0.0.1:8000: each save rebuilds what it touches (scripts/preview.py) and reloads
	$(BIN)/python -m mkdocs serve --strict --dirty --dev-addr 127.0.0.1:$(PORT)

node: ## Install Debian's nodejs (search tests) and npm (the map's data, package-lock.json), if missing
	$(call apt_missing,node:nodejs npm:npm)
	@node --version && npm --version

# The browser tests' Chromium, chosen by scripts/chromium.py: BP_CHROMIUM, else Debian's
# /usr/bin/chromium (installed here with apt-get if missing; CI too), else Playwright's own if
# you downloaded it. With none of them (no apt-get, or no chromium package as on Ubuntu), it
# says what to install and stops.
chromium: node $(VENV)/.group-test ## Chromium for the browser tests (apt-get install chromium if missing; elsewhere BP_CHROMIUM, see README)
	@$(BIN)/python scripts/chromium.py --found 2>/dev/null || [ -n "$$BP_CHROMIUM" ] || \
	  ! command -v apt-get >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; } || true
	@$(BIN)/python scripts/chromium.py

test: $(VENV)/.group-test chromium $(NPM_STAMP) ## Run every test (validator, site, browser, links, workflows)
	$(BIN)/python -m pytest

links: $(VENV)/.group-site $(VENV)/.group-links ## Check every record's links with LinkChecker; writes build/links/
	$(BIN)/python scripts/check_links.py

bench: $(VENV)/.group-test $(NPM_STAMP) ## Run the benchmarks in bench/ and print their figures
	$(BIN)/python bench/site_build.py
	$(BIN)/python bench/links.py

screenshots: $(VENV)/.group-test chromium site ## Screenshots of the home and a practice page for the README (screenshots/)
	$(BIN)/python scripts/screenshots.py

new: $(VENV)/.group-site ## Scaffold a new record: make new ID=my-practice
	@test -n "$(ID)" || { echo "usage: make new ID=my-practice (kebab-case id, also the file name)"; exit 2; }
	$(BIN)/python scripts/new_practice.py $(ID)

clean: ## Remove build outputs (site/, build/)
	rm -rf site build
