"""Figures and runs as the plain torch + matplotlib code that computes them (no ActGUI import).

`recipe` holds a recipe (steps of explanation and code) and writes it as a script or a notebook;
`kinds` is the registry of figure kinds that have code, one builder each.
"""
