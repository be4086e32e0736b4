"""Beyond returns: abnormal volume, volatility shifts, synthetic control, calendar-time portfolios.

Every function takes plain pandas inputs (frames indexed by date, an event date, windows
in event time = row positions in the assets' trading sessions) and returns a results
object with ``summary()``, tidy DataFrame accessors, ``plot()`` and ``to_latex()``; every
test is reported as an :class:`~eventstudy.inference.base.TestResult`.

- :func:`abnormal_volume`: abnormal ``log(1 + volume)``, mean or market-volume model,
  t and rank tests (Ajinkya & Jain 1989; Campbell & Wasley 1996; Corrado 1989).
- :func:`volatility_shift`: variance-ratio F, Brown-Forsythe, beta-shift interaction
  regression, GARCH(1,1) forecast comparison for one asset.
- :func:`event_induced_variance`: Boehmer, Musumeci & Poulsen (1991) cross-sectional
  variance of standardized abnormal returns.
- :func:`synthetic_control`: Abadie-Gardeazabal / Abadie-Diamond-Hainmueller synthetic
  control of one asset with placebo p-values.
- :func:`calendar_time_portfolio`: Jaffe (1974) / Mandelker (1974) portfolio test with
  event-day dummies, robust to cross-correlation.
"""

from __future__ import annotations

from .calendar_time import CalendarTimeResults, calendar_time_portfolio
from .synthetic_control import SyntheticControlResults, simplex_weights, synthetic_control
from .volatility import (
    EventInducedVarianceResults,
    GarchComparison,
    VolatilityShiftResults,
    event_induced_variance,
    volatility_shift,
)
from .volume import AbnormalVolumeResults, abnormal_volume

__all__ = [
    "AbnormalVolumeResults",
    "CalendarTimeResults",
    "EventInducedVarianceResults",
    "GarchComparison",
    "SyntheticControlResults",
    "VolatilityShiftResults",
    "abnormal_volume",
    "calendar_time_portfolio",
    "event_induced_variance",
    "simplex_weights",
    "synthetic_control",
    "volatility_shift",
]
