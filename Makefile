# dlcourse: build the book, run the tests, build and grade the exercises.
# The two commands a reader needs are in README.md: `make book` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

# Local copies of data sets found without network (see dlcourse/data.py); in this repository's
# development setup the official MNIST test set sits in ../shared/datasets.
SHARED_DATA := $(abspath ../shared/datasets)
export DLCOURSE_DATA_SEARCH ?= $(if $(wildcard $(SHARED_DATA)),$(SHARED_DATA))
export PATH := $(BIN):$(PATH)

# nbval runs notebooks JOBS at a time through pytest-xdist (the book executes them one by one: a
# parallel pre-execution through jupyter-cache's forked workers stalled kernels for minutes in CI).
# With more than one job each kernel gets one BLAS/framework thread: two single-threaded kernels use
# two cores far better than two kernels fighting over both. Set JOBS=1 on a GPU machine.
# Two by default (memory: each kernel with TensorFlow holds about 1 GB).
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n < 2 ? n : 2 )))
ifneq ($(JOBS),1)
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export TF_NUM_INTRAOP_THREADS := 1
export TF_NUM_INTEROP_THREADS := 1
endif
# Several TensorFlow kernels may share one GPU: let each take memory as it needs it.
export TF_FORCE_GPU_ALLOW_GROWTH := true
# TensorFlow's C++ start-up log (CPU features, oneDNN) would land in the pages' stderr outputs.
export TF_CPP_MIN_LOG_LEVEL := 2

NBVAL := python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg \
         --nbval-cell-timeout 600 -p no:cacheprovider \
         $(if $(filter-out 1,$(JOBS)),-n $(JOBS) --dist loadfile)
NOTEBOOK_DIRS := chapters exercises

.PHONY: help venv lock vendor book unit notebooks browser test exercises grade bench clean

help:
	@echo "make book        set up .venv, execute every notebook and build the HTML book"
	@echo "make test        unit tests, nbval over every notebook, then the book and its browser tests"
	@echo "make exercises   regenerate the student notebooks and grader files from exercises/source"
	@echo "make grade SUBMISSIONS=dir   grade a folder of submissions (scores in grades/)"
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

book: venv vendor
	jupyter-book build . -W -n --keep-going
	@echo
	@echo "The book is built: open $(CURDIR)/_build/html/index.html"

unit: venv
	python -m pytest tests/unit -q

notebooks: venv
	$(NBVAL) -q $(NOTEBOOK_DIRS)

browser: venv
	python -m pytest tests/browser -q

test: unit notebooks book browser

exercises: venv
	python -m dlcourse.exercises build

SUBMISSIONS ?= submissions
grade: venv
	python -m dlcourse.exercises grade $(SUBMISSIONS) --out grades

bench: venv
	for script in benchmarks/*.py; do echo "== $$script"; python "$$script"; done

clean:
	rm -rf _build grades
