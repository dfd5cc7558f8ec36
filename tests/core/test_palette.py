"""The curve palette as a red-green colour-blind student sees it: every pair of the first eight curve
colours, drawn after the theme's contrast adjustment on the light and the dark background, then
passed through Machado et al. (2009)'s deuteranopia and protanopia simulation (severity 1.0, linear
RGB), stays at least MIN_DELTA_E apart in CIEDE2000."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtGui import QColor

from actgui.core.activations import ACTIVATIONS
from actgui.core.palette import CURVE_COLORS
from actgui.core.training.experiment import NOTES_COMPARISON, PALETTE
from actgui.qt.base.theme import THEMES, readable_on

MIN_DELTA_E = 10.0
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
VISIONS = {"deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA, "normal": np.eye(3)}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])
#: tab10's pairs that red-green colour-blind viewers confuse: red/green (deuteranopia), orange/green
#: and blue/purple (protanopia).
TAB10_CONFUSED = ((("#d62728", "#2ca02c"), DEUTERANOPIA), (("#ff7f0e", "#2ca02c"), PROTANOPIA),
                  (("#1f77b4", "#9467bd"), PROTANOPIA))
def to_linear(rgb: np.ndarray) -> np.ndarray:
    """sRGB (0 to 1) to linear RGB."""
    rgb = np.asarray(rgb, float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)

def simulate(linear: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """What a viewer with the colour vision `matrix` sees of linear RGB colours."""
    return np.clip(linear @ matrix.T, 0.0, 1.0)

def lab(linear: np.ndarray) -> np.ndarray:
    """Linear RGB to CIELAB (D65)."""
    xyz = linear @ SRGB_TO_XYZ.T / D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)

def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), elementwise over the last axis."""
    L1, a1, b1 = np.moveaxis(lab1, -1, 0)
    L2, a2, b2 = np.moveaxis(lab2, -1, 0)
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    Cbar7 = ((C1 + C2) / 2) ** 7
    G = 0.5 * (1 - np.sqrt(Cbar7 / (Cbar7 + 25.0 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(C1p * C2p == 0, 0.0, dh)
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dh / 2))
    Lbar, Cbar = (L1 + L2) / 2, (C1p + C2p) / 2
    hsum = h1p + h2p
    hbar = np.where(np.abs(h1p - h2p) > 180, np.where(hsum < 360, hsum + 360, hsum - 360), hsum) / 2
    hbar = np.where(C1p * C2p == 0, hsum, hbar)
    T = (1 - 0.17 * np.cos(np.radians(hbar - 30)) + 0.24 * np.cos(np.radians(2 * hbar))
         + 0.32 * np.cos(np.radians(3 * hbar + 6)) - 0.20 * np.cos(np.radians(4 * hbar - 63)))
    SL = 1 + 0.015 * (Lbar - 50) ** 2 / np.sqrt(20 + (Lbar - 50) ** 2)
    SC, SH = 1 + 0.045 * Cbar, 1 + 0.015 * Cbar * T
    Cbar7 = Cbar ** 7
    RT = (-2 * np.sqrt(Cbar7 / (Cbar7 + 25.0 ** 7))
          * np.sin(np.radians(60 * np.exp(-(((hbar - 275) / 25) ** 2)))))
    return np.sqrt((dLp / SL) ** 2 + (dCp / SC) ** 2 + (dHp / SH) ** 2 + RT * (dCp / SC) * (dHp / SH))


def rgb(colors: list[str]) -> np.ndarray:
    return np.array([[QColor(c).redF(), QColor(c).greenF(), QColor(c).blueF()] for c in colors])


def seen_differences(colors: list[str], vision: np.ndarray) -> dict[tuple[str, str], float]:
    """CIEDE2000 of every pair of `colors` as a viewer with `vision` sees them."""
    seen = lab(simulate(to_linear(rgb(colors)), vision))
    return {(colors[i], colors[j]): float(ciede2000(seen[i], seen[j]))
            for i, j in itertools.combinations(range(len(colors)), 2)}


def test_ciede2000_matches_the_published_test_pairs():
    pairs = [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425), ((50, 2.5, 0), (73, 25, -18), 27.1492),
             ((50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792), ((50, 2.5, 0), (50, 3.1736, 0.5854), 1.0),
             ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
             ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082)]
    for first, second, expected in pairs:
        assert ciede2000(np.array(first), np.array(second)) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_confuses_what_colour_blind_viewers_confuse():
    # tab10's confused pairs: a few units apart for a colour-blind viewer, far apart for everyone else
    for pair, vision in TAB10_CONFUSED:
        assert seen_differences(list(pair), vision)[pair] < 5
        assert seen_differences(list(pair), np.eye(3))[pair] > 25
    # grey stays grey: the simulation keeps the achromatic axis
    grey = to_linear(rgb(["#808080"]))
    np.testing.assert_allclose(simulate(grey, DEUTERANOPIA), grey, atol=2e-3)


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
@pytest.mark.parametrize("vision", list(VISIONS), ids=list(VISIONS))
def test_every_pair_of_curve_colours_stays_apart_as_drawn(theme, vision):
    drawn = [readable_on(color, theme.background) for color in CURVE_COLORS[:8]]
    assert len(set(drawn)) == 8
    differences = seen_differences(drawn, VISIONS[vision])
    smallest = min(differences, key=differences.get)
    print(f"{theme.name} {vision}: smallest ΔE {differences[smallest]:.1f} between {smallest}")
    assert differences[smallest] >= MIN_DELTA_E, smallest


def test_runs_and_the_notes_comparison_draw_in_the_palette():
    assert PALETTE[:8] == CURVE_COLORS[:8]
    compared = [ACTIVATIONS.get(key.strip()).color for key in NOTES_COMPARISON.split(",")]
    assert len(set(compared)) == len(compared) and set(compared) <= set(CURVE_COLORS)
