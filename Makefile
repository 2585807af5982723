# The two commands:  make run  (set up and serve Sigscope)   make test  (set up and run every check)
# `make run` installs only what serving needs; the test tools come with the first `make test`.
VENV := .venv
BIN  := $(VENV)/bin
RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test tools bench

# A venv left half-made (Debian without python3-venv: no pip) is removed, so the next run
# starts over instead of trusting it.
$(BIN)/python:
	python3 -m venv $(VENV) || { rm -rf $(VENV); echo "python3 -m venv failed: on Debian, install python3-venv" >&2; exit 1; }

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(TEST_STAMP)

run: $(RUN_STAMP)
	$(BIN)/sigscope $(ARGS)

tools:
	bash .ci/ensure-tools

test: $(TEST_STAMP) tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest $(ARGS)

# The stamp older checkouts and scripts name: everything installed, as for `make test`.
$(VENV)/.installed: $(TEST_STAMP)
	touch $@
