"""Qt panels, figures and the main window. Thin: the numerics live in actgui.core."""
