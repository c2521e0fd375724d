"""Validation of numbers given on the command line, shared by every subcommand.

Each function is an ``argparse`` ``type=``: it returns the parsed value or
raises :class:`argparse.ArgumentTypeError` with a message naming the bad value
and what to give instead, so argparse prints one line and exits 2. ``nan`` and
``inf`` are refused everywhere (Python's ``float`` accepts them, and a NaN
threshold silently disables a filter).

Examples
--------
>>> finite_float("2.5")
2.5
>>> nonnegative_float("0")
0.0
>>> fraction("0.4")
0.4
>>> positive_int("3")
3
"""

from __future__ import annotations

import argparse
import math

__all__ = ["finite_float", "fraction", "nonnegative_float", "positive_float", "positive_int"]


def finite_float(text: str) -> float:
    """A finite real number (no ``nan`` / ``inf``)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        msg = f"invalid number {text!r}; give a number such as 2.5"
        raise argparse.ArgumentTypeError(msg) from None
    if not math.isfinite(value):
        msg = f"{text!r} is not a finite number; give a number such as 2.5"
        raise argparse.ArgumentTypeError(msg)
    return value


def nonnegative_float(text: str) -> float:
    """A finite number ``>= 0``."""
    value = finite_float(text)
    if value < 0:
        msg = f"{text!r} is negative; give 0 or more"
        raise argparse.ArgumentTypeError(msg)
    return value


def positive_float(text: str) -> float:
    """A finite number ``> 0``."""
    value = finite_float(text)
    if value <= 0:
        msg = f"{text!r} must be more than 0; give a positive number"
        raise argparse.ArgumentTypeError(msg)
    return value


def fraction(text: str) -> float:
    """A finite number between 0 and 1 inclusive (a confidence or score threshold)."""
    value = finite_float(text)
    if not 0.0 <= value <= 1.0:
        msg = f"{text!r} is outside 0..1; give a value such as 0.4"
        raise argparse.ArgumentTypeError(msg)
    return value


def positive_int(text: str) -> int:
    """A whole number ``>= 1``."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        msg = f"invalid count {text!r}; give a whole number such as 10"
        raise argparse.ArgumentTypeError(msg) from None
    if value < 1:
        msg = f"count must be 1 or more, got {value}"
        raise argparse.ArgumentTypeError(msg)
    return value
