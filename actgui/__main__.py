"""`python -m actgui` and the `actgui` script: the window, or a headless command; `actgui-gui`: the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Without arguments, the window (without loading the command line's modules); else the CLI."""
    from_command_line = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        from actgui.core import prefetch

        helper = prefetch.start()  # before Qt is imported: its torch import overlaps all of the window's
        from actgui.qt.shell.app import run

        return run(helper=helper)
    from actgui.cli import main as cli_main

    status = cli_main(argv)
    if from_command_line and argv[0] != "gui":
        from actgui.cli.common import end_process

        end_process(status)
    return status


def gui_main(argv: Sequence[str] | None = None) -> int:
    """The desktop launcher: opens the window; its arguments are those of `actgui gui` (--theme, --lang)."""
    return main(["gui", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
