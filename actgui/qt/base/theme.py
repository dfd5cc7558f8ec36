"""Light and dark themes, lecture mode's larger fonts and thicker lines, and colours kept at WCAG's
non-text contrast (3:1) against the theme's background."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QStyleOptionComboBox, QWidget

#: WCAG 2.1's least contrast for graphical objects (curves, bars, check boxes) against their background.
MIN_CONTRAST = 3.0


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
    #: The screen lecture mode's sizes are chosen for (its height in pixels).
    screen_height: int = 1080

    def scaled(self, lecture: bool, screen_height: int | None = None) -> Theme:
        """This theme, with lecture mode's sizes for a screen `screen_height` pixels high (the theme's
        own when None) when `lecture` is set."""
        base = THEMES[self.name]
        if not lecture:
            return base
        height = screen_height or self.screen_height
        return replace(base, line_width=LECTURE_LINE_WIDTH, font_pt=round(base.font_pt * lecture_scale(height)),
                       lecture=True, screen_height=height)

    def readable(self, color: str) -> str:
        """`color` (#rrggbb or #rrggbbaa), lightened or darkened just enough for MIN_CONTRAST against
        the background; an alpha suffix is kept."""
        base, alpha = color[:7], color[7:]
        return readable_on(base, self.background) + alpha

    def for_export(self) -> Theme:
        """Exported figures draw lines at least EXPORT_LINE_WIDTH wide, whatever the screen uses."""
        return replace(self, line_width=max(self.line_width, EXPORT_LINE_WIDTH))


# On screen, 1-pixel lines keep redraws fast (a wider pen makes Qt's raster engine stroke every
# curve, about twice the paint time); slides and lecture halls get thick lines.
SCREEN_LINE_WIDTH, EXPORT_LINE_WIDTH, LECTURE_LINE_WIDTH = 1.0, 2.0, 3.0


#: Lecture mode's font scale on a 720-line (projector) and a 1080-line screen, linear between and held
#: outside: the larger factor on a 720-line screen leaves the plots too little room beside the controls.
LECTURE_SCALES = ((720, 1.4), (1080, 1.8))


def lecture_scale(screen_height: int) -> float:
    """Lecture mode's font scale for a screen `screen_height` pixels high."""
    (low, low_scale), (high, high_scale) = LECTURE_SCALES
    share = min(1.0, max(0.0, (screen_height - low) / (high - low)))
    return low_scale + share * (high_scale - low_scale)


LIGHT = Theme("light", "#ffffff", "#202020", 0.25, SCREEN_LINE_WIDTH, 11)
DARK = Theme("dark", "#1e1f22", "#e6e6e6", 0.30, SCREEN_LINE_WIDTH, 11)
THEMES = {"light": LIGHT, "dark": DARK}


def luminance(color: str) -> float:
    """WCAG relative luminance of `color`."""
    rgb = QColor(color)

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF())


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(color: str, background: str, minimum: float = MIN_CONTRAST) -> str:
    """`color` moved in lightness (hue and saturation kept) until it reaches `minimum` against `background`."""
    if contrast(color, background) >= minimum:
        return QColor(color).name()
    hue, saturation, lightness, _ = QColor(color).getHslF()
    darker = luminance(background) > 0.5
    for step in range(1, 101):
        shifted = lightness - step / 100 if darker else lightness + step / 100
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, min(1.0, max(0.0, shifted))).name()
        if contrast(candidate, background) >= minimum:
            return candidate
    return "#000000" if darker else "#ffffff"


def combo_text_room(style: QStyle, option: QStyleOptionComboBox, widget: QWidget | None = None) -> int:
    """The width in pixels a combo box drawn with `option` has for its current text."""
    field = style.subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxEditField, widget)
    return field.width() - (option.iconSize.width() + 4 if not option.currentIcon.isNull() else 0)


class ContrastStyle(QProxyStyle):
    """Fusion, with check box and radio outlines in the text colour's contrast (Fusion derives them
    from the window colour, which leaves an unchecked box invisible on a dark window), and a combo
    box's text too long for the box shortened with "…" instead of cut mid-word."""

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter,
                    widget: QWidget | None = None) -> None:
        if element == QStyle.CE_ComboBoxLabel and isinstance(option, QStyleOptionComboBox):
            room = combo_text_room(self, option, widget)
            metrics = widget.fontMetrics() if widget is not None else option.fontMetrics
            if metrics.horizontalAdvance(option.currentText) > room:
                option = QStyleOptionComboBox(option)
                option.currentText = metrics.elidedText(option.currentText, Qt.ElideRight, max(room, 0))
        super().drawControl(element, option, painter, widget)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in (QStyle.PE_IndicatorCheckBox, QStyle.PE_IndicatorItemViewItemCheck):
            painter.save()
            painter.setRenderHint(QPainter.Antialiasing, False)
            outline = QColor(option.palette.color(QPalette.Text))
            outline.setAlphaF(0.75)
            painter.setPen(QPen(outline, 1))
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
            painter.restore()


def get_theme(name: str, lecture: bool = False, screen_height: int | None = None) -> Theme:
    """The theme called `name` (in lecture mode sized for a screen `screen_height` pixels high);
    raises ValueError for an unknown name."""
    if name not in THEMES:
        raise ValueError(f"unknown theme '{name}' (choose from: {', '.join(THEMES)})")
    return THEMES[name].scaled(lecture, screen_height)


def apply_to_application(app: QApplication, theme: Theme) -> None:
    """Fusion style with a palette matching `theme`, and the theme's font size."""
    if not isinstance(app.style(), ContrastStyle):
        app.setStyle(ContrastStyle("Fusion"))
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
        palette.setColor(QPalette.Link, QColor("#6ea8fe"))  # the guide's preset links (Fusion's is dark blue)
        palette.setColor(QPalette.LinkVisited, QColor("#b197fc"))
        for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
            palette.setColor(QPalette.Disabled, role, QColor("#777777"))
    else:
        palette = app.style().standardPalette()
        palette.setColor(QPalette.LinkVisited, QColor("#6f42c1"))  # Fusion's magenta reads 3.1:1 on white
    app.setPalette(palette)
    font = app.font()
    font.setPointSize(theme.font_pt)
    app.setFont(font)
