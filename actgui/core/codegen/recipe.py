"""A recipe: the steps of a figure's code, each with its explanation in English and Chinese, written
as a commented script (`.py`) or a notebook (`.ipynb`, one cell per step) in the chosen language."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from actgui.core import files

#: The suffixes that ask for code instead of a picture or a table.
CODE_SUFFIXES = (".py", ".ipynb")


@dataclass(frozen=True)
class Step:
    """One step: what it does (in each language) and its code (the same in every language)."""

    en: str
    zh: str
    code: str

    def explanation(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


@dataclass(frozen=True)
class Recipe:
    """The code of one figure or run: a title, the imports and the steps."""

    title_en: str
    title_zh: str
    imports: tuple[str, ...]
    steps: tuple[Step, ...] = field(default_factory=tuple)

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en


def _comment(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def script(recipe: Recipe, language: str = "en") -> str:
    """The recipe as one Python script: each step's code under its explanation as a comment."""
    parts = [_comment(recipe.title(language)), "\n".join(recipe.imports)]
    parts += [f"{_comment(step.explanation(language))}\n{step.code.strip()}" for step in recipe.steps]
    return "\n\n".join(parts) + "\n"


def notebook(recipe: Recipe, language: str = "en"):
    """The recipe as a notebook (nbformat 4): a title cell, the imports, then per step a markdown
    cell with its explanation and a code cell."""
    import nbformat.v4 as nbf

    cells = [nbf.new_markdown_cell(f"# {recipe.title(language)}"),
             nbf.new_code_cell("%matplotlib inline\n" + "\n".join(recipe.imports))]
    for step in recipe.steps:
        cells.append(nbf.new_markdown_cell(step.explanation(language)))
        cells.append(nbf.new_code_cell(step.code.strip()))
    book = nbf.new_notebook(cells=cells)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["language_info"] = {"name": "python"}
    return book


def render(recipe: Recipe, suffix: str, language: str = "en") -> str:
    """The text of the file with `suffix` (.py or .ipynb)."""
    if suffix == ".py":
        return script(recipe, language)
    if suffix == ".ipynb":
        import nbformat

        book = notebook(recipe, language)
        nbformat.validate(book)
        return json.dumps(book, ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"code is written as .py or .ipynb, not '{suffix}'")


def write(recipe: Recipe, path: str | Path, language: str = "en") -> Path:
    """Writes the recipe atomically as a script or a notebook, chosen by the suffix of `path`."""
    path = Path(path)
    return files.atomic_write(path, render(recipe, path.suffix.lower(), language))
