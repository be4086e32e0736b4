"""Generic claim checking: a registry format for numeric market claims, metrics and verdict rules.

Nothing here knows about a particular news story. An application ships its own
``registry.json`` (the DeepSeek study: :mod:`eventstudy.deepseek.claims`) and evaluates
it with these pieces.

>>> from eventstudy.claims import load_registry, verdict   # doctest: +SKIP
>>> reg = load_registry("my_registry.json")                # doctest: +SKIP
"""

from __future__ import annotations

from .registry import METRICS, Claim, Registry, load_registry, validate_registry
from .verdicts import RULES, VERDICTS, describe_tolerance, verdict

__all__ = [
    "METRICS",
    "RULES",
    "VERDICTS",
    "Claim",
    "Registry",
    "describe_tolerance",
    "load_registry",
    "validate_registry",
    "verdict",
]
