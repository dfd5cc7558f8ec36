"""Launch ActGUI: `python main.py` opens the window; `python main.py export ...` runs the CLI."""

from actgui.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
