# `make run` sets everything up and opens ActGUI; `make test` sets up and runs the whole test suite.
.PHONY: setup run test lint translations

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/python main.py

# One worker process per core, each taking whole test files (module fixtures are built once); the slowest
# tests are listed at the end.
test: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/python -m pytest -n auto --dist loadfile --durations=20

lint: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports
