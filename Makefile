# Pantau: `make run` serves the app with demo data; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app

.PHONY: run test install translations init demo clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed translations

translations: $(BIN)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations

instance:
	mkdir -p instance

run: install instance
	$(BIN)/python run.py

init: install instance
	$(BIN)/flask pantau init

demo: install instance
	$(BIN)/flask pantau demo

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance/pantau.db
