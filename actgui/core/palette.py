"""The curve palette: eight colours told apart by red-green colour-blind viewers (deuteranopia and
protanopia) as well as by everyone else, in both themes, as drawn after the theme's contrast
adjustment. tests/core/test_palette.py measures every pair (CIEDE2000 after simulating each kind of
colour blindness): tab10's red against green, or pink against purple, fall to a few units there."""

from __future__ import annotations

#: Blue, orange, pink red, green, plum, cyan, sky blue and maroon: each apart from every other by
#: lightness or by the blue-yellow axis a red-green colour-blind eye still sees.
CURVE_COLORS: tuple[str, ...] = (
    "#0039dd",
    "#ffaf31",
    "#ff4886",
    "#296e51",
    "#620045",
    "#55ffee",
    "#5fb9ff",
    "#500000",
)

