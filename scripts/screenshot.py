"""Screenshots of every panel (or the named ones) for the README and for review.

    python scripts/screenshot.py [--out screenshots] [--theme light|dark] [--lang en|zh_CN] [PANEL ...]
        [--lecture] [--size 1280x720] [--size-in-name] [--set init.view=depth --label depth]

`--set PANEL.FIELD=VALUE` sets a panel setting before the grab (FIELD may be dotted, `init.depth.cases`;
VALUE is JSON, or a plain string), so a view other than the panel's first can be shown; `--label`
adds a word to the file names.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

#: Milliseconds to let the window settle before a grab (legends are placed a moment after a resize).
SETTLE_MS = 600


def setting(text: str) -> tuple[str, list[str], object]:
    """'init.depth.cases="relu_inits"' as ('init', ['depth', 'cases'], 'relu_inits')."""
    name, sep, raw = text.partition("=")
    panel, *fields = name.split(".")
    if not sep or not fields:
        raise argparse.ArgumentTypeError(f"expected PANEL.FIELD=VALUE, got '{text}'")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return panel, fields, value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("panels", nargs="*")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--theme", default="light")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--lecture", action="store_true")
    parser.add_argument("--size", default="1400x860")
    parser.add_argument("--size-in-name", action="store_true", help="add the window size to the file names")
    parser.add_argument("--set", type=setting, action="append", default=[], metavar="PANEL.FIELD=VALUE",
                        help="set a panel setting before the grab (repeatable)")
    parser.add_argument("--label", default="", help="a word added to the file names (e.g. the view shown)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from actgui.qt.base.i18n import install_language
    from actgui.qt.base.theme import get_theme
    from actgui.qt.shell.main_window import MainWindow

    install_language(args.lang)
    width, height = (int(v) for v in args.size.split("x"))
    window = MainWindow(get_theme(args.theme, args.lecture, height))
    window.resize(width, height)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = f"{args.theme}-{args.lang}" + ("-lecture" if args.lecture else "")
    suffix += f"-{args.size}" if args.size_in_name else ""
    prefix = f"-{args.label}" if args.label else ""
    for index, key in enumerate(window.panels):
        if args.panels and key not in args.panels:
            continue
        panel = window.panels[key]
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        for name, fields, value in args.set:
            if name == key:
                target = panel.settings
                for field in fields[:-1]:
                    target = getattr(target, field)
                setattr(target, fields[-1], value)
        QTest.qWait(SETTLE_MS)
        path = args.out / f"{panel.key}{prefix}-{suffix}.png"
        window.grab().save(str(path))
        print(path)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
