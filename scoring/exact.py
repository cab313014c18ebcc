"""Exact arithmetic for scores: NHS England rounds half up at 2 dp, so scores are kept as fractions.

A score such as 1 + 3·(r−1)/(n−1) often lands exactly on .xx5; binary floats would round some of those
down. Fractions make every rounding decision exact.
"""

from __future__ import annotations

import math
from fractions import Fraction


def fraction(value: float | Fraction) -> Fraction:
    """A float read from a published file (e.g. 2.27) as the decimal it was written as."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def _half_up_units(value: Fraction, scale: int) -> int:
    numerator, denominator = value.numerator * scale, value.denominator
    units = (2 * abs(numerator) + denominator) // (2 * denominator)
    return units if numerator >= 0 else -units


def half_up(value: Fraction, places: int = 2) -> Fraction:
    """Round half away from zero at ``places`` decimals (NHS England's rounding), exactly."""
    scale = 10**places
    return Fraction(_half_up_units(value, scale), scale)


def half_up_float(value: Fraction, places: int = 2) -> float:
    """``half_up`` as the nearest float (e.g. 2.27), for display and comparison with published values."""
    scale = 10**places
    return _half_up_units(value, scale) / scale


def near_half(value: float, places: int = 2, tolerance: float = 1e-9) -> bool:
    """True when a float is so close to a rounding boundary (x.xx5) that only exact arithmetic can decide."""
    scaled = abs(value) * 10**places
    return abs(scaled - math.floor(scaled) - 0.5) < tolerance


def weight_fraction(weight: float) -> Fraction:
    """Catalogue weights (1, or 0.333… for the infection metrics) as exact fractions."""
    return Fraction(weight).limit_denominator(100)
