"""Light and dark themes, and lecture mode's larger fonts and thicker lines."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    """Colours and sizes shared by every figure and widget."""

    name: str
    background: str
    foreground: str
    grid_alpha: float
    line_width: float
    font_pt: int
    lecture: bool = False

    def scaled(self, lecture: bool) -> Theme:
        """This theme, with lecture mode's sizes when `lecture` is set."""
        base = THEMES[self.name]
        if not lecture:
            return base
        return replace(base, line_width=LECTURE_LINE_WIDTH, font_pt=round(base.font_pt * 1.8), lecture=True)

    def for_export(self) -> Theme:
        """Exported figures draw lines at least EXPORT_LINE_WIDTH wide, whatever the screen uses."""
        return replace(self, line_width=max(self.line_width, EXPORT_LINE_WIDTH))


# On screen, 1-pixel lines keep redraws fast (a wider pen makes Qt's raster engine stroke every
# curve, about twice the paint time); slides and lecture halls get thick lines.
SCREEN_LINE_WIDTH, EXPORT_LINE_WIDTH, LECTURE_LINE_WIDTH = 1.0, 2.0, 3.0


LIGHT = Theme("light", "#ffffff", "#202020", 0.25, SCREEN_LINE_WIDTH, 11)
DARK = Theme("dark", "#1e1f22", "#e6e6e6", 0.30, SCREEN_LINE_WIDTH, 11)
THEMES = {"light": LIGHT, "dark": DARK}


def get_theme(name: str, lecture: bool = False) -> Theme:
    """The theme called `name`; raises ValueError for an unknown name."""
    if name not in THEMES:
        raise ValueError(f"unknown theme '{name}' (choose from: {', '.join(THEMES)})")
    return THEMES[name].scaled(lecture)


def apply_to_application(app: QApplication, theme: Theme) -> None:
    """Fusion style with a palette matching `theme`, and the theme's font size."""
    app.setStyle("Fusion")
    palette = QPalette()
    if theme.name == "dark":
        window, base, text = QColor("#2b2d30"), QColor(theme.background), QColor(theme.foreground)
        palette.setColor(QPalette.Window, window)
        palette.setColor(QPalette.WindowText, text)
        palette.setColor(QPalette.Base, base)
        palette.setColor(QPalette.AlternateBase, window)
        palette.setColor(QPalette.Text, text)
        palette.setColor(QPalette.Button, window)
        palette.setColor(QPalette.ButtonText, text)
        palette.setColor(QPalette.ToolTipBase, window)
        palette.setColor(QPalette.ToolTipText, text)
        palette.setColor(QPalette.Highlight, QColor("#3d7bd9"))
        palette.setColor(QPalette.HighlightedText, QColor("#ffffff"))
        palette.setColor(QPalette.PlaceholderText, QColor("#8a8a8a"))
        for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
            palette.setColor(QPalette.Disabled, role, QColor("#777777"))
    else:
        palette = app.style().standardPalette()
    app.setPalette(palette)
    font = app.font()
    font.setPointSize(theme.font_pt)
    app.setFont(font)
