"""No class in actgui grows over 400 lines: a class that large is split along its seams."""

import ast
from pathlib import Path

import actgui

MAX_CLASS_LINES = 400


def long_classes() -> dict[str, int]:
    root = Path(actgui.__file__).parent
    found = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_CLASS_LINES:
                    found[f"{path.relative_to(root.parent).as_posix()}:{node.name}"] = lines
    return found


def test_no_class_is_over_400_lines():
    assert long_classes() == {}

