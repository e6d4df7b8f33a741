# Every target creates .venv on first use, so a fresh machine needs only Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test bench lint format clean bytecode

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Where PYTHONDONTWRITEBYTECODE is set, Python keeps no compiled modules and compiles the
# game's source at every start (about 60 ms). compileall writes them; it skips what is current.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q game >/dev/null

play: bytecode
	$(BIN)/balloon play

test: bytecode
	$(BIN)/python -m pytest -n 2

bench: bytecode
	$(BIN)/python benchmarks/bench.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info
