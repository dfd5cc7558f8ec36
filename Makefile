# `make run` sets everything up and opens ActGUI; `make test` sets up and runs the whole test suite.
.PHONY: setup run test lint translations

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/python main.py

test: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/python -m pytest -q

lint: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports
