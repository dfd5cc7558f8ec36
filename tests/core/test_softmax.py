"""Softmax: the stable form, the naive form overflowing, and the Jacobian."""

import numpy as np
import pytest

from actgui.core.softmax import NOTES_LOGITS, autograd_jacobian, jacobian, naive_softmax, parse_logits, softmax


def test_notes_logits():
    p = softmax(NOTES_LOGITS)
    assert p.sum() == pytest.approx(1.0)
    assert p.argmax() == 9 and p[9] == pytest.approx(0.7392, abs=1e-4)
    twice = softmax(p)
    assert twice.max() < p.max()  # applied twice it flattens towards uniform


def test_temperature_sharpens_and_flattens():
    assert softmax([1, 2, 3], 0.1).max() > 0.99
    assert softmax([1, 2, 3], 100).max() == pytest.approx(1 / 3, abs=0.01)


def test_naive_overflows_where_the_safe_form_does_not():
    large = [1000.0, 1001.0, 1002.0]
    assert np.all(np.isnan(naive_softmax(large)))
    np.testing.assert_allclose(softmax(large), softmax([0.0, 1.0, 2.0]))
    np.testing.assert_allclose(naive_softmax([0.0, 1.0, 2.0]), softmax([0.0, 1.0, 2.0]))


def test_jacobian_matches_autograd():
    for t in (1.0, 2.0):
        np.testing.assert_allclose(jacobian(softmax(NOTES_LOGITS, t)) / t, autograd_jacobian(NOTES_LOGITS, t),
                                   atol=1e-12)
    assert np.allclose(jacobian(softmax(NOTES_LOGITS)).sum(axis=0), 0)


def test_parse_logits():
    assert parse_logits("1, 2;3") == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="'abc' is not a number"):
        parse_logits("1, abc")
    with pytest.raises(ValueError, match="at least one"):
        parse_logits(" , ")
    with pytest.raises(ValueError, match="finite"):
        parse_logits("1, inf")
    with pytest.raises(ValueError, match="temperature must be positive"):
        softmax([1.0], 0)
