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
	$(BIN)/python -m eval.records --gold eval/gold/records_fresh.jsonl --docs eval/fresh --out eval/results/records_fresh
	$(BIN)/python -m eval.records --gold eval/gold/records_fresh2.jsonl --docs eval/fresh2 --out eval/results/records_fresh2
	$(BIN)/python -m eval.records --gold eval/gold/records_fresh3.jsonl --docs eval/fresh3 --out eval/results/records_fresh3
	$(BIN)/python -m eval.records --gold eval/gold/records_fresh4.jsonl --docs eval/fresh4 --out eval/results/records_fresh4
	$(BIN)/python -m eval.records --gold eval/gold/records_fresh5.jsonl --docs eval/fresh5 --out eval/results/records_fresh5
	$(BIN)/python -m eval.records --gold eval/gold/records_fresh6.jsonl --docs eval/fresh6 --out eval/results/records_fresh6
	$(BIN)/python -m eval.records --gold eval/gold/records_fresh7.jsonl --docs eval/fresh7 --out eval/results/records_fresh7
	$(BIN)/python -m eval.answers --data-dir $(DATA)
	# the documents never tuned on (eval/unseen/), beside the corpus, in a data folder of their own: a copy of the one
	# ingested above, so that only eval/unseen/ is embedded
	rm -rf $(DATA)-unseen && cp -a $(DATA) $(DATA)-unseen
	$(BIN)/kb ingest corpus eval/unseen --data-dir $(DATA)-unseen
	$(BIN)/python -m eval.answers --data-dir $(DATA)-unseen --gold eval/gold/questions_unseen.jsonl --out eval/results/answers_unseen
	# the twelve documents of eval/fresh/ (half tuned on, half held out: eval/gold/README.md), the same way
	rm -rf $(DATA)-fresh && cp -a $(DATA) $(DATA)-fresh
	$(BIN)/kb ingest corpus eval/fresh --data-dir $(DATA)-fresh
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh --gold eval/gold/questions_fresh.jsonl --out eval/results/answers_fresh
	# the ten documents of eval/fresh2/ (second fresh batch, half held out), the same way
	rm -rf $(DATA)-fresh2 && cp -a $(DATA) $(DATA)-fresh2
	$(BIN)/kb ingest corpus eval/fresh2 --data-dir $(DATA)-fresh2
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh2 --gold eval/gold/questions_fresh2.jsonl --out eval/results/answers_fresh2
	# the ten documents of eval/fresh3/ (third fresh batch, half held out), the same way
	rm -rf $(DATA)-fresh3 && cp -a $(DATA) $(DATA)-fresh3
	$(BIN)/kb ingest corpus eval/fresh3 --data-dir $(DATA)-fresh3
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh3 --gold eval/gold/questions_fresh3.jsonl --out eval/results/answers_fresh3
	# the ten documents of eval/fresh4/ (fourth fresh batch, from another source, half held out), the same way
	rm -rf $(DATA)-fresh4 && cp -a $(DATA) $(DATA)-fresh4
	$(BIN)/kb ingest corpus eval/fresh4 --data-dir $(DATA)-fresh4
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh4 --gold eval/gold/questions_fresh4.jsonl --out eval/results/answers_fresh4
	# the ten documents of eval/fresh5/ (fifth fresh batch, same source as the fourth, half held out), the same way
	rm -rf $(DATA)-fresh5 && cp -a $(DATA) $(DATA)-fresh5
	$(BIN)/kb ingest corpus eval/fresh5 --data-dir $(DATA)-fresh5
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh5 --gold eval/gold/questions_fresh5.jsonl --out eval/results/answers_fresh5
	# the ten documents of eval/fresh6/ (sixth fresh batch, three other sources, half held out), the same way
	rm -rf $(DATA)-fresh6 && cp -a $(DATA) $(DATA)-fresh6
	$(BIN)/kb ingest corpus eval/fresh6 --data-dir $(DATA)-fresh6
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh6 --gold eval/gold/questions_fresh6.jsonl --out eval/results/answers_fresh6
	# the six signed gazette PDFs of eval/fresh7/ (seventh fresh batch, read from PDF files, half held out), the same way
	rm -rf $(DATA)-fresh7 && cp -a $(DATA) $(DATA)-fresh7
	$(BIN)/kb ingest corpus eval/fresh7 --data-dir $(DATA)-fresh7
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh7 --gold eval/gold/questions_fresh7.jsonl --out eval/results/answers_fresh7
	# the six signed gazette PDFs of eval/fresh8/ (eighth fresh batch, legal shapes, questions only, half held out)
	rm -rf $(DATA)-fresh8 && cp -a $(DATA) $(DATA)-fresh8
	$(BIN)/kb ingest corpus eval/fresh8 --data-dir $(DATA)-fresh8
	$(BIN)/python -m eval.answers --data-dir $(DATA)-fresh8 --gold eval/gold/questions_fresh8.jsonl --out eval/results/answers_fresh8
	$(BIN)/python -m eval.metadata
	$(BIN)/python -m eval.alqac --data $(ALQAC)

bench: ingest
	$(BIN)/python -m eval.bench --data-dir $(DATA)

# search and ask at 1M passages on the embedded store: hours on 2 cores, ~4 GB of RAM and disk
bench-large: ingest
	$(BIN)/python -m eval.bench_large --data-dir $(DATA)

clean:
	rm -rf $(VENV) $(DATA) *.egg-info
