"""The one LaTeX escaper and the one number formatter of the package.

Every table, macro file, summary and claims report escapes text with :func:`latex_escape`
and prints numbers with :func:`format_number` / :func:`format_pvalue` (LaTeX) or
:func:`format_cell` (plain text, Markdown, HTML). Everything is deterministic: no locale, no
clock, so reruns are byte-identical.
"""

from __future__ import annotations

import math
import numbers
import re

import numpy as np
import pandas as pd

__all__ = ["MINUS", "MISSING", "latex_escape", "is_missing", "format_number", "format_pvalue", "format_cell"]

#: Minus sign used by :func:`format_number` (a true minus in text mode, not a hyphen).
MINUS = "$-$"

#: Text shown for a missing value (NaN, None).
MISSING = "---"

_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "\u2212": MINUS,
}
_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _ESCAPES))
_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _ESCAPES))


def latex_escape(s: object) -> str:
    """Escape the LaTeX special characters of ``s`` for use in text mode.

    Parameters
    ----------
    s : object
        Converted with ``str()``; ``None`` gives ``""``.

    Returns
    -------
    str
        ``& % $ # _ { }`` are backslash-escaped, ``\\ ~ ^ < >`` become ``\\textbackslash{}``,
        ``\\textasciitilde{}``, ``\\textasciicircum{}``, ``\\textless{}`` and ``\\textgreater{}``,
        and the Unicode minus becomes ``$-$``.
    """
    if s is None:
        return ""
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], str(s))


def is_missing(x: object) -> bool:
    """Whether ``x`` is a missing value (None, NA, NaT, NaN or infinite)."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    return isinstance(x, numbers.Real) and not math.isfinite(float(x))


def format_number(
    x: float | int | None,
    decimals: int = 2,
    signed: bool = False,
    percent: bool = False,
    scale: float | None = None,
    thousands: bool | str = False,
    minus: str = MINUS,
    missing: str = MISSING,
    significant: int | None = None,
) -> str:
    """Format a number with a fixed number of decimals (LaTeX text by default; plain text with
    ``minus="-"``, ``thousands=","``).

    Parameters
    ----------
    x : float or int or None
        The value. NaN, infinite and ``None`` give ``missing``.
    decimals : int, default 2
        Digits after the decimal point (round-half-even on the binary value, as Python's ``format``).
    signed : bool, default False
        Prefix positive values with ``+`` (zero, after rounding, never gets a sign).
    percent : bool, default False
        ``x`` is a decimal fraction: print ``100 * x`` followed by ``\\%`` (0.0123 -> ``1.23\\%``).
    scale : float, optional
        Multiplier applied before formatting; defaults to 100 when ``percent`` and 1 otherwise.
    thousands : bool or str, default False
        Group the integer part by thousands: ``True`` with ``{,}`` (safe in LaTeX text and math
        mode), a string with that separator (``","`` for plain text).
    minus : str, default ``"$-$"``
        The minus sign (``"\\textminus{}"`` with textcomp is the other common choice).
    missing : str, default ``"---"``
        Text for missing values.
    significant : int, optional
        Significant digits (Python's ``g`` format) instead of ``decimals`` fixed decimals.

    Returns
    -------
    str
        For example ``format_number(-0.16974, 2, signed=True, percent=True) == "$-$16.97\\%"``.
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    if is_missing(x):
        return missing
    if not isinstance(x, numbers.Real):
        raise TypeError(f"format_number needs a real number, got {type(x).__name__}")
    factor = (100.0 if percent else 1.0) if scale is None else float(scale)
    value = float(x) * factor
    if significant is not None:
        body = f"{abs(value):.{int(significant)}g}"
    else:
        body = f"{abs(value):,.{decimals}f}" if thousands else f"{abs(value):.{decimals}f}"
    sep = "{,}" if thousands is True else str(thousands or ",")
    is_zero = float(body.replace(",", "")) == 0.0
    if thousands:
        body = body.replace(",", sep)
    sign = "" if is_zero else (minus if value < 0 else ("+" if signed else ""))
    return sign + body + (r"\%" if percent else "")


def format_pvalue(p: float | None, decimals: int = 3, missing: str = MISSING) -> str:
    """Format a p-value: ``decimals`` digits, or ``$<$0.001`` below the smallest printable value.

    Parameters
    ----------
    p : float or None
        The p-value, in [0, 1].
    decimals : int, default 3
        Digits after the decimal point.
    missing : str, default ``"---"``
        Text for missing values.

    Returns
    -------
    str
        For example ``"0.042"`` or ``"$<$0.001"``.
    """
    if is_missing(p):
        return missing
    p = float(p)  # type: ignore[arg-type]
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p-value {p} is outside [0, 1]")
    floor = 10.0 ** (-decimals)
    if p < floor:
        return f"$<${floor:.{decimals}f}"
    return f"{p:.{decimals}f}"


def format_cell(x: object, digits: int = 4) -> str:
    """Deterministic plain-text string of one table cell.

    Floats get ``digits`` fixed decimals (scientific notation below ``10**-digits`` or from
    ``1e8``; NaN gives ``""``), timestamps ISO dates, booleans ``yes``/``no``.
    """
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    if isinstance(x, pd.Timestamp):
        return f"{x:%Y-%m-%d}"
    if isinstance(x, float | np.floating):
        if not np.isfinite(x):
            return "" if np.isnan(x) else str(x)
        if x != 0 and (abs(x) < 10 ** (-digits) or abs(x) >= 1e8):
            return f"{x:.{digits}e}"
        return f"{x:.{digits}f}"
    if isinstance(x, int | np.integer):
        return str(int(x))
    return "" if x is None else str(x)
