"""The house matplotlib style of :mod:`eventstudy` and deterministic figure output.

One style sheet (``eventstudy.mplstyle``, shipped as package data) is used for every
figure; :func:`use_style` applies it as a context manager, so the global matplotlib
state is left untouched. Colours are fixed per asset group and per claim verdict so the
same group has the same colour in every figure.

Figures are written as vector PDF (for the paper) and PNG (for the README). Both are
byte-identical across reruns: the PDF carries no creation date and a fixed producer
string, the PNG no software tag, and SVG ids use a fixed hash salt
(:data:`SAVE_METADATA`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

__all__ = [
    "STYLE_PATH",
    "GROUP_COLORS",
    "GROUP_LABELS",
    "register_groups",
    "ASSET_GROUPS",
    "VERDICT_COLORS",
    "SAVE_METADATA",
    "DETERMINISTIC_RC",
    "use_style",
    "group_of",
    "color_for",
    "save_metadata",
]

#: Path of the style sheet shipped with the package.
STYLE_PATH: Path = Path(str(resources.files("eventstudy.report").joinpath("eventstudy.mplstyle")))

#: One colour per asset group (colour-blind-friendly, distinct in greyscale print).
GROUP_COLORS: dict[str, str] = {
    "chips": "#c8553d",
    "mega_cap_tech": "#1b6ca8",
    "indices": "#3d3d3d",
    "crypto": "#e9a03b",
    "other": "#8a8a8a",
}

#: Legend labels of the asset groups.
GROUP_LABELS: dict[str, str] = {
    "chips": "Semiconductors",
    "mega_cap_tech": "Mega-cap tech",
    "indices": "Indices and ETFs",
    "crypto": "Crypto",
    "other": "Other",
}

#: Symbol -> group registered by an application (:func:`register_groups`); the library itself
#: only knows generic rules (crypto pairs, ``^`` indices), see :func:`group_of`.
ASSET_GROUPS: dict[str, str] = {}


def register_groups(groups: Mapping[str, str]) -> None:
    """Register the asset groups of an application's symbols (``{"NVDA": "chips", ...}``).

    Raises
    ------
    ValueError
        If a group has no colour in :data:`GROUP_COLORS`.
    """
    unknown = sorted(set(groups.values()) - set(GROUP_COLORS))
    if unknown:
        raise ValueError(f"groups {unknown} have no colour; use one of {sorted(GROUP_COLORS)}")
    ASSET_GROUPS.update({str(k): str(v) for k, v in groups.items()})


#: Colour of each claim verdict.
VERDICT_COLORS: dict[str, str] = {
    "confirmed": "#2a9d8f",
    "close": "#e9a03b",
    "contradicted": "#c8553d",
    "inconclusive": "#6c7fb0",
    "not_testable": "#8a8a8a",
}

#: rcParams that make saved files reproducible (applied inside :func:`use_style`).
DETERMINISTIC_RC: dict[str, object] = {
    "svg.hashsalt": "eventstudy",
    "pdf.compression": 6,
}

#: ``metadata=`` argument of ``Figure.savefig`` per format: no dates, no version strings.
SAVE_METADATA: dict[str, dict[str, str | None]] = {
    "pdf": {"Creator": "eventstudy", "Producer": "eventstudy", "CreationDate": None, "ModDate": None},
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": "eventstudy"},
}


@contextmanager
def use_style(extra: Mapping[str, object] | None = None) -> Iterator[None]:
    """Apply the house style (and the deterministic-output settings) inside a ``with`` block.

    Parameters
    ----------
    extra : Mapping[str, object], optional
        Further rcParams applied on top of the style sheet.

    Yields
    ------
    None
        The rcParams are restored when the block exits.

    Examples
    --------
    >>> with use_style():
    ...     fig = matplotlib.figure.Figure()
    """
    import matplotlib as mpl  # imported here: the colour tables above need no matplotlib
    import matplotlib.style

    with matplotlib.style.context(str(STYLE_PATH)), mpl.rc_context({**DETERMINISTIC_RC, **dict(extra or {})}):
        yield


def group_of(symbol: str, groups: Mapping[str, str] | None = None) -> str:
    """Return the asset group of ``symbol``.

    Parameters
    ----------
    symbol : str
        Ticker; an ``@source`` suffix (``"NVDA@yahoo"``) is ignored.
    groups : Mapping[str, str], optional
        Overrides of :data:`ASSET_GROUPS`.

    Returns
    -------
    str
        One of the keys of :data:`GROUP_COLORS`: the override, else the registered group
        (:func:`register_groups`), else ``"crypto"`` for a 24/7 market
        (:func:`eventstudy.markets.market_for`), ``"indices"`` for a ``^`` symbol, ``"other"``.
    """
    base = symbol.split("@", 1)[0]
    if groups is not None:
        if symbol in groups:
            return groups[symbol]
        if base in groups:
            return groups[base]
    if base in ASSET_GROUPS:
        return ASSET_GROUPS[base]
    from ..markets import market_for

    if market_for(base).always_open:
        return "crypto"
    return "indices" if base.startswith("^") else "other"


def color_for(symbol: str, groups: Mapping[str, str] | None = None) -> str:
    """Return the colour of the asset group of ``symbol`` (see :func:`group_of`)."""
    return GROUP_COLORS.get(group_of(symbol, groups), GROUP_COLORS["other"])


def save_metadata(fmt: str) -> dict[str, str | None]:
    """Return the deterministic ``metadata=`` dictionary for the file format ``fmt``."""
    return dict(SAVE_METADATA.get(fmt.lower(), {}))
