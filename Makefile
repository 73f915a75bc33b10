# Pantau: `make run` serves the app and its scheduler with demo data; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app

.PHONY: run test install translations init demo clean

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
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

# The browser tests drive Debian's Chromium. As root, install it with apt; otherwise say what to install.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Memasang Chromium untuk uji peramban (apt-get install chromium)..."; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "make test memerlukan Chromium di $(CHROMIUM): jalankan 'sudo apt-get install chromium' lalu ulangi." >&2; \
		exit 1; \
	fi

test: install $(CHROMIUM)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance/pantau.db
