"""Typed exceptions of the ``eventstudy`` package.

Every error the package raises on bad input derives from :class:`EventStudyError`,
so ``except es.EventStudyError`` catches all of them. Messages name the symbol,
the dates and the fix; no function returns a silent ``NaN`` instead of raising.
"""

from __future__ import annotations

__all__ = [
    "EventStudyError",
    "DataError",
    "ChecksumError",
    "UnknownSymbolError",
    "DuplicateDateError",
    "UnsortedDataError",
    "InvalidPriceError",
    "MissingDataError",
    "CalendarGapError",
    "SuspectedSplitError",
    "EventOutOfRangeError",
    "WindowError",
    "EstimationWindowTooShortError",
    "SpecificationError",
    "EventStudyWarning",
    "DataQualityWarning",
    "UnitsWarning",
    "CalendarMismatchWarning",
    "PartialEventMappingWarning",
    "EventRolledWarning",
    "OverlappingEventsWarning",
    "GarchFitWarning",
    "ClaimsError",
]


class EventStudyError(Exception):
    """Base class of every error raised by :mod:`eventstudy`."""


class DataError(EventStudyError, ValueError):
    """A data file or frame is malformed (wrong columns, text in numbers, truncated)."""


class ChecksumError(DataError):
    """A data file's sha256 does not match the value recorded in the manifest."""


class UnknownSymbolError(DataError, KeyError):
    """A requested symbol is not present in the data source."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class DuplicateDateError(DataError):
    """A series has the same date (or timestamp) more than once."""


class UnsortedDataError(DataError):
    """A series' dates are not strictly increasing."""


class InvalidPriceError(DataError):
    """A price is NaN, infinite, zero or negative where it is needed."""


class MissingDataError(DataError):
    """An observation needed by a window is missing (NaN return, all-NaN asset)."""


class CalendarGapError(DataError):
    """A session of the asset's exchange calendar is missing inside a needed window."""


class SuspectedSplitError(DataError):
    """A one-day price ratio looks like an unadjusted stock split."""


class EventOutOfRangeError(EventStudyError, ValueError):
    """The event date (or a window around it) lies outside the available data."""


class WindowError(EventStudyError, ValueError):
    """Estimation and event windows are malformed (reversed, overlapping)."""


class EstimationWindowTooShortError(WindowError):
    """The estimation window has fewer observations than the configured minimum."""


class SpecificationError(EventStudyError, ValueError):
    """An option or argument combination is invalid (unknown model, test or policy)."""


class ClaimsError(EventStudyError, ValueError):
    """The claims registry is malformed or a claim cannot be evaluated as specified."""


class EventStudyWarning(UserWarning):
    """Base class of every warning issued by :mod:`eventstudy`."""


class DataQualityWarning(EventStudyWarning):
    """A data-quality concern that does not invalidate a result (errors in ``strict`` mode)."""


class UnitsWarning(DataQualityWarning):
    """Values look like prices rather than returns, or like returns in percent rather than decimals.

    An error (:class:`DataError`) with ``strict=True`` / ``--strict``.
    """


class CalendarMismatchWarning(DataQualityWarning):
    """A series trades on other days than the assets it is paired with (a 24/7 market for stocks).

    An error (:class:`CalendarGapError`) with ``strict=True`` / ``--strict``.
    """


class PartialEventMappingWarning(DataQualityWarning):
    """An ``event_date`` mapping names only some of the return columns; the others are left out.

    An error (:class:`SpecificationError`) with ``strict=True`` / ``--strict``.
    """


class EventRolledWarning(EventStudyWarning):
    """An event date is not a session of the asset's calendar; day 0 rolled to the next session."""


class OverlappingEventsWarning(EventStudyWarning):
    """An asset's estimation window contains the event window of another of its events.

    The other event's abnormal returns then inflate the estimation-window variance and bias
    the normal-return parameters; see ``EventStudy(overlap=...)`` for the remedies.
    """


class GarchFitWarning(EventStudyWarning):
    """A GARCH(1,1) fit did not converge or sits at the boundary (ARCH term ~ 0 or GARCH term ~ 1).

    The fitted variance forecasts are then unreliable (a boundary fit is often a constant or
    an integrated variance); ``params`` carries ``garch_converged`` and ``garch_boundary``.
    """
