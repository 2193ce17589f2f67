# Knowledge base of Vietnamese plans and policies. A fresh machine needs Python 3.11+, pip and gcc.
#   make run    create .venv, install, ingest corpus/, serve API + web page on http://127.0.0.1:8000
#   make test   create .venv, install, run the tests (the slow ones: make test-all)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= data
STAMP  := $(VENV)/.installed

.PHONY: setup run ingest serve test test-all eval bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

ingest: setup
	$(BIN)/kb ingest corpus/ --data-dir $(DATA)

serve: setup
	$(BIN)/kb serve --data-dir $(DATA)

run: ingest serve

test: setup
	$(BIN)/ruff check kb ingest search_api eval tests
	$(BIN)/python -m pytest

test-all: setup
	$(BIN)/python -m pytest -m "slow or not slow"

eval: ingest
	$(BIN)/python -m eval.questions eval/gold/seed_questions.jsonl --data-dir $(DATA)
	$(BIN)/python -m eval.questions eval/gold/heldout_questions.jsonl --data-dir $(DATA)

bench: ingest
	$(BIN)/python -m eval.bench --data-dir $(DATA)

clean:
	rm -rf $(VENV) $(DATA) *.egg-info
