# Knowledge base of Vietnamese plans and policies. A fresh machine needs Python 3.11+, pip and gcc.
#   make run    create .venv, install, ingest corpus/, serve API + web page on http://127.0.0.1:8000
#   make test   create .venv, install, run the tests (the slow ones: make test-all)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= data
STAMP  := $(VENV)/.installed

.PHONY: setup run ingest serve test test-all eval bench bench-large clean

# Debian packages: Tesseract for scanned PDFs (OCR); Chromium and docker-compose for the tests of the
# web page and the compose files; PostgreSQL for the tests of the PostgreSQL catalog and job queue. Installed when missing and we are root; otherwise a note, and the
# product runs without them (scans are flagged "needs OCR"; those tests skip).
RUN_APT  := tesseract-ocr tesseract-ocr-vie
TEST_APT := $(RUN_APT) chromium docker-compose postgresql
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "note: Debian packages$$missing are missing (OCR, browser and compose tests need them)"; fi; \
	fi
endef

setup: $(STAMP)
	$(call apt_install,$(RUN_APT))

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
	$(call apt_install,$(TEST_APT))
	$(BIN)/ruff check kb ingest search_api eval tests
	$(BIN)/python -m pytest

test-all: setup
	$(BIN)/python -m pytest -m "slow or not slow"

ALQAC ?= ../shared/benchmarks/alqac2022

FRESH_RECORDS = fresh fresh2 fresh3 fresh4 fresh5 fresh6 fresh7
FRESH = $(FRESH_RECORDS) fresh8

eval: ingest
	$(BIN)/python -m eval.questions eval/gold/seed_questions.jsonl --data-dir $(DATA)
	$(BIN)/python -m eval.questions eval/gold/heldout_questions.jsonl --data-dir $(DATA)
	$(BIN)/python -m eval.facts --data-dir $(DATA)
	$(BIN)/python -m eval.records
	$(BIN)/python -m eval.records --gold eval/gold/records_new.jsonl --docs corpus --out eval/results/records_new
	$(BIN)/python -m eval.records --gold eval/gold/records_new2.jsonl --docs corpus --out eval/results/records_new2
	$(BIN)/python -m eval.records --gold eval/gold/records_new3.jsonl --docs eval/unseen --out eval/results/records_new3
	$(BIN)/python -m eval.records --gold eval/gold/records_new4.jsonl --docs corpus --out eval/results/records_new4
	$(BIN)/python -m eval.records --gold eval/gold/records_new5.jsonl --docs corpus --out eval/results/records_new5
	$(BIN)/python -m eval.records --gold eval/gold/records_new6.jsonl --docs corpus --out eval/results/records_new6
	# the fresh batches' records (eval/fresh*/, half of each held out: eval/gold/README.md; fresh8 has questions only)
	for s in $(FRESH_RECORDS); do \
	  $(BIN)/python -m eval.records --gold eval/gold/records_$$s.jsonl --docs eval/$$s --out eval/results/records_$$s \
	  || exit 1; done
	$(BIN)/python -m eval.answers --data-dir $(DATA)
	# the documents never tuned on (eval/unseen/), beside the corpus, in a data folder of their own: a copy of the one
	# ingested above, so that only eval/unseen/ is embedded
	rm -rf $(DATA)-unseen && cp -a $(DATA) $(DATA)-unseen
	$(BIN)/kb ingest corpus eval/unseen --data-dir $(DATA)-unseen
	$(BIN)/python -m eval.answers --data-dir $(DATA)-unseen --gold eval/gold/questions_unseen.jsonl --out eval/results/answers_unseen
	# each fresh batch (eval/fresh*/, half of each held out: eval/gold/README.md, eval/fresh*/SOURCES.md), the same
	# way: a copy of the corpus's data folder with the batch ingested beside it
	for s in $(FRESH); do \
	  rm -rf $(DATA)-$$s && cp -a $(DATA) $(DATA)-$$s \
	  && $(BIN)/kb ingest corpus eval/$$s --data-dir $(DATA)-$$s \
	  && $(BIN)/python -m eval.answers --data-dir $(DATA)-$$s --gold eval/gold/questions_$$s.jsonl \
	       --out eval/results/answers_$$s \
	  || exit 1; done
	$(BIN)/python -m eval.metadata
	$(BIN)/python -m eval.alqac --data $(ALQAC)

bench: ingest
	$(BIN)/python -m eval.bench --data-dir $(DATA)

# search and ask at 1M passages on the embedded store: hours on 2 cores, ~4 GB of RAM and disk
bench-large: ingest
	$(BIN)/python -m eval.bench_large --data-dir $(DATA)

clean:
	rm -rf $(VENV) $(DATA) *.egg-info
