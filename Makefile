# Buenas Prácticas CRM–CSM. `make help` lists the targets; CI runs `make test`.
# Set-up is automatic: every target creates or updates .venv from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := help
.PHONY: help validate site serve test links bench new chromium screenshots clean

help: ## List the targets with one line each
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=25.1'

# One stamp per dependency group; re-installed whenever pyproject.toml changes. scripts/ goes
# on the venv's import path (a .pth file): bench/ and tools import its modules without
# sys.path inserts.
$(VENV)/.group-%: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --group $*
	@$(BIN)/python -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_path('purelib'), 'buenas-practicas-scripts.pth').write_text('$(CURDIR)/scripts\\n')"
	@touch $@

validate: $(VENV)/.group-site ## Check every record in practices/ (all problems, one per line)
	$(BIN)/python scripts/validate.py $(if $(GITHUB_ACTIONS),--github)

site: validate ## Build the bilingual site into site/ (mkdocs build --strict, published atomically)
	$(BIN)/python scripts/build_site.py

serve: $(VENV)/.group-site ## mkdocs serve on http://127.0.0.1:8000, rebuilt and reloaded on every edit
	$(BIN)/python -m mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

chromium: ## Install Debian's chromium (browser tests) and nodejs (search tests), if missing
	@command -v chromium >/dev/null 2>&1 && command -v node >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium nodejs >/dev/null; }
	@chromium --version && node --version

test: $(VENV)/.group-test chromium ## Run every test (validator, site, browser, links, workflows)
	$(BIN)/python -m pytest

links: $(VENV)/.group-site $(VENV)/.group-links ## Check every record's links with LinkChecker; writes build/links/
	$(BIN)/python scripts/check_links.py

bench: $(VENV)/.group-test ## Run the benchmarks in bench/ and print their figures
	$(BIN)/python bench/site_build.py
	$(BIN)/python bench/links.py

screenshots: $(VENV)/.group-test chromium site ## Screenshots of the home and a practice page for the README (screenshots/)
	$(BIN)/python scripts/screenshots.py

new: $(VENV)/.group-site ## Scaffold a new record: make new ID=my-practice
	@test -n "$(ID)" || { echo "usage: make new ID=my-practice (kebab-case id, also the file name)"; exit 2; }
	$(BIN)/python scripts/new_practice.py $(ID)

clean: ## Remove build outputs (site/, build/)
	rm -rf site build
