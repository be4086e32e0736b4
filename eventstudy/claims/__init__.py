"""Generic claim checking: a registry format for numeric market claims, metrics and verdict rules.

Nothing here knows about a particular news story. An application ships its own
``registry.json`` (the DeepSeek study: :mod:`eventstudy.deepseek.claims`) and evaluates
it with these pieces.

>>> from eventstudy.claims import load_registry, verdict   # doctest: +SKIP
>>> reg = load_registry("my_registry.json")                # doctest: +SKIP
"""

from __future__ import annotations

from .registry import METRICS, ROLES, Claim, Registry, load_registry, validate_registry
from .verdicts import REASONS, RULES, VERDICTS, Judgement, describe_tolerance, judge, verdict

__all__ = [
    "METRICS",
    "REASONS",
    "ROLES",
    "RULES",
    "VERDICTS",
    "Claim",
    "Judgement",
    "Registry",
    "describe_tolerance",
    "judge",
    "load_registry",
    "validate_registry",
    "verdict",
]
