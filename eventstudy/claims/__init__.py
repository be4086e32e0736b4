"""Claims registry and reproduction engine: every market claim of the seed articles, checked.

>>> from eventstudy.claims import evaluate_claims, format_claims   # doctest: +SKIP
>>> df = evaluate_claims()                                         # doctest: +SKIP
>>> print(format_claims(df, "md"))                                 # doctest: +SKIP
"""

from __future__ import annotations

from .engine import CSV_COLUMNS, EVIDENCE_COLUMNS, evaluate_claims
from .output import format_claims, latex_escape, to_csv, to_json, to_latex, to_markdown, write_claims
from .registry import METRICS, Claim, Registry, load_registry, validate_registry
from .verdicts import RULES, VERDICTS, describe_tolerance, verdict

__all__ = [
    "CSV_COLUMNS",
    "EVIDENCE_COLUMNS",
    "METRICS",
    "RULES",
    "VERDICTS",
    "Claim",
    "Registry",
    "describe_tolerance",
    "evaluate_claims",
    "format_claims",
    "latex_escape",
    "load_registry",
    "to_csv",
    "to_json",
    "to_latex",
    "to_markdown",
    "validate_registry",
    "verdict",
    "write_claims",
]
