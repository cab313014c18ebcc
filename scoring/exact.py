"""Exact arithmetic for scores: NHS England rounds half up at 2 dp, so scores are kept as fractions.

A score such as 1 + 3·(r−1)/(n−1) often lands exactly on .xx5; binary floats would round some of those
down. Fractions make every rounding decision exact.
"""

from __future__ import annotations

import math
from fractions import Fraction


def fraction(value: float | int | Fraction) -> Fraction:
    """A float read from a published file (e.g. 2.27) as the decimal it was written as."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def half_up(value: Fraction, places: int = 2) -> Fraction:
    """Round half away from zero at ``places`` decimals (NHS England's rounding), exactly."""
    scale = 10**places
    scaled = value * scale
    rounded = math.floor(abs(scaled) + Fraction(1, 2))
    return Fraction(rounded if scaled >= 0 else -rounded, scale)


def weight_fraction(weight: float) -> Fraction:
    """Catalogue weights (1, or 0.333… for the infection metrics) as exact fractions."""
    return Fraction(weight).limit_denominator(100)
