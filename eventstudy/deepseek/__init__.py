"""The DeepSeek application, built on the :mod:`eventstudy` library.

It holds everything specific to the early-2025 DeepSeek news: the universes, events and
windows of the study (:mod:`~eventstudy.deepseek.design`), the claim registry of the seed
articles and its evaluation (:mod:`~eventstudy.deepseek.claims`), the reproduce pipeline
(:mod:`~eventstudy.deepseek.pipeline`), the paper build and its figures, and the command
line (``python -m eventstudy.deepseek`` or the ``eventstudy`` script).

The library never imports this package (``tests/test_boundary.py`` enforces it).
"""

from __future__ import annotations

from .design import *  # noqa: F403
from .design import __all__ as _design_all

__all__ = list(_design_all)
