"""Screenshots of every panel (or the named ones) for the README and for review.

    python scripts/screenshot.py [--out screenshots] [--theme light|dark] [--lang en|zh_CN] [PANEL ...]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("panels", nargs="*")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--theme", default="light")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--lecture", action="store_true")
    parser.add_argument("--size", default="1400x860")
    parser.add_argument("--size-in-name", action="store_true", help="add the window size to the file names")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
    for index, key in enumerate(window.panels):
        if args.panels and key not in args.panels:
            continue
        panel = window.panels[key]
        window.tabs.setCurrentIndex(index)
        for _ in range(5):
            app.processEvents()
        path = args.out / f"{panel.key}-{suffix}.png"
        window.grab().save(str(path))
        print(path)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
