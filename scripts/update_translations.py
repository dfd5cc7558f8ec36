"""Refreshes the translation sources and the compiled catalogues.

    python scripts/update_translations.py

Runs pyside6-lupdate over every module of actgui (new strings appear in the .ts as unfinished,
removed ones are dropped), then pyside6-lrelease to compile the .qm files shipped in the package.
Translate with Qt Linguist (`pyside6-linguist actgui/resources/i18n/actgui_zh_CN.ts`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "actgui" / "resources" / "i18n"
LANGUAGES = ["zh_CN"]


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "actgui").rglob("*.py"))


def main() -> int:
    for language in LANGUAGES:
        ts = I18N / f"actgui_{language}.ts"
        subprocess.run([tool("lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(ts)],
                       cwd=ROOT, check=True)
        subprocess.run([tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
