# Two entry points for a fresh machine: `make demo` and `make test`.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: demo test venv bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## Build the demo city (with the real reports), load the warehouse, open the dashboard.
demo: $(STAMP)
	$(BIN)/nianbao demo
	$(BIN)/streamlit run app.py --server.port 8501 --server.headless true --browser.gatherUsageStats false --client.toolbarMode minimal

## Run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/nianbao bench all

clean:
	rm -rf $(VENV) data build *.egg-info
