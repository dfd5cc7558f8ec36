"""The Training panel's figures for export: any registered training figure, drawn afresh with what
the live one shows (actgui.qt.figures.training_views)."""

from __future__ import annotations

from actgui.qt.base.figure import Figure
from actgui.qt.figures.training_views import TRAINING_FIGURES


def export_figure(panel: object, name: str) -> Figure:
    """A new figure `name` showing the panel's runs as its live one does; raises ValueError for an unknown name."""
    if name not in TRAINING_FIGURES:
        raise ValueError(f"no figure '{name}' (figures: {', '.join(TRAINING_FIGURES)})")
    session = panel.session
    return TRAINING_FIGURES[name].build(panel.theme, panel.stage.scene(session.runs, session.current))
