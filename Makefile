# The README's two commands: `make run` serves the app on http://127.0.0.1:8501 with the embedded data,
# `make test` runs the fast test suite. Each first runs ./setup.sh, which creates .venv, installs the pinned
# dependencies and builds the passage index when they are missing, and takes a second or two when they are not.
# `make run` and `make serve` then make sure the release cache (every trust's explanation, what it would take and
# the digests, computed once for this data and code) is up to date: a minute or two after new data or a change to
# the code under scoring/, a second otherwise. The tests do not need it.
#   make test PYTEST_ARGS='-m "slow or browser"'   the slow and browser tests (CI runs them after the fast suite)
#   make run PORT=8502                             the app on another port
#   make serve                                     the JSON API on http://127.0.0.1:8000 (docs at /docs)
#   make lint                                      ruff (lint) and mypy (types), as CI runs them after the tests
.PHONY: run test serve setup cache lint

run: setup cache
	@exec .venv/bin/nhs-league app $(if $(PORT),--port $(PORT))

test: setup
	.venv/bin/pytest $(PYTEST_ARGS)

serve: setup cache
	@exec .venv/bin/nhs-league serve

lint: setup
	.venv/bin/ruff check .
	.venv/bin/mypy

setup:
	@./setup.sh

cache: setup
	@.venv/bin/nhs-league cache || echo "The release cache was not built; the app computes each answer as asked."
