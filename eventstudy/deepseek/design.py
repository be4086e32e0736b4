"""The DeepSeek application: universes, events, windows and the analyses of the paper.

Everything the reproduction pipeline, the notebooks and the paper report is
computed here from the snapshot through the public API; nothing is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .. import calendars as cal
from ..data import load_prices, to_returns
from ..errors import SpecificationError
from ..placebo import PlaceboResult, placebo
from ..study import EventStudy, EventStudyResults

__all__ = [
    "EVENT_MONDAY",
    "EVENT_OSW",
    "OSW_END",
    "CORE10",
    "CHIPS",
    "MEGACAP",
    "INDICES",
    "CRYPTO",
    "MARKET",
    "SECTOR",
    "ESTIMATION_WINDOW",
    "WINDOWS",
    "DeepSeekData",
    "estimation_window_before",
]

EVENT_MONDAY = "2025-01-27"
EVENT_OSW = "2025-02-24"
OSW_END = "2025-02-28"
CHIPS: tuple[str, ...] = ("NVDA", "TSM", "AVGO", "AMD", "MU", "INTC")
MEGACAP: tuple[str, ...] = ("MSFT", "GOOG", "AAPL", "META")
CORE10: tuple[str, ...] = CHIPS + MEGACAP
INDICES: tuple[str, ...] = ("^GSPC", "^IXIC", "^NDX", "^DJI", "^SOX")
CRYPTO: tuple[str, ...] = ("BTC-USD", "ETH-USD")
MARKET = "^GSPC"
SECTOR = "^SOX"
ESTIMATION_WINDOW = (-260, -11)
WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 4))
#: Yahoo's BTC-USD/ETH-USD start on 2024-08-21: about 106 XNYS sessions before 2025-01-27,
#: so the aligned crypto study uses a 100-session window and the 24/7 one 140 UTC days.
CRYPTO_ESTIMATION_ALIGNED = (-105, -6)
CRYPTO_ESTIMATION_OWN = (-150, -11)
#: Donor pool of the synthetic control: large caps outside semiconductors
DONORS: tuple[str, ...] = (
    "KO",
    "PEP",
    "PG",
    "JNJ",
    "WMT",
    "COST",
    "MCD",
    "HD",
    "UNH",
    "LLY",
    "ABBV",
    "BRK.B",
    "AAPL",
    "AMZN",
    "TSLA",
)
#: Day-return table of the foundation issue (close-to-close on 2025-01-27).
DAY_RETURN_SYMBOLS: tuple[str, ...] = ("NVDA", "TSM", "AVGO", "^GSPC", "^IXIC", "^DJI", "BTC-USD", "ETH-USD")


def estimation_window_before(
    calendar: str, event: str, clean_before: str, length: int = 250, buffer: int = 5
) -> tuple[int, int]:
    """An estimation window of ``length`` sessions ending ``buffer`` sessions before ``clean_before``.

    Used for the Open Source Week so that its estimation window does not contain
    the 2025-01-27 shock (which would inflate sigma and bias beta).
    """
    sess = cal.sessions(
        calendar,
        pd.Timestamp(clean_before) - pd.Timedelta(days=30),
        pd.Timestamp(event) + pd.Timedelta(days=7),
    )
    day0 = sess.searchsorted(pd.Timestamp(event))
    first_bad = sess.searchsorted(pd.Timestamp(clean_before))
    end = -(day0 - first_bad) - buffer
    return (int(end - length + 1), int(end))


@dataclass(frozen=True)
class DeepSeekData:
    """Prices and returns of the study's universe from one data source."""

    data_dir: str | None = None

    @cached_property
    def prices(self) -> pd.DataFrame:
        """Closing prices of stocks, indices and crypto (wide)."""
        return load_prices(list(CORE10 + INDICES + CRYPTO), data_dir=self.data_dir)

    @cached_property
    def returns(self) -> pd.DataFrame:
        """Simple close-to-close returns, each series on its own observations."""
        return to_returns(self.prices)

    def day_returns(
        self, date: str = EVENT_MONDAY, symbols: tuple[str, ...] = DAY_RETURN_SYMBOLS
    ) -> pd.Series:
        """Close-to-close simple return on ``date`` (previous own close to that date's close)."""
        r = self.returns.loc[pd.Timestamp(date), list(symbols)]
        return r.rename(f"return {date}")

    # ---------------------------------------------------------------- studies
    def monday(
        self,
        assets: tuple[str, ...] = CORE10,
        model: str = "market",
        market: str = MARKET,
        estimation_window: tuple[int, int] = ESTIMATION_WINDOW,
        **kw: object,
    ) -> EventStudyResults:
        """The 2025-01-27 study over event window (-1, +4)."""
        rets = self.returns
        return EventStudy(
            rets[list(assets)],
            market=rets[market],
            event_date=EVENT_MONDAY,
            estimation_window=estimation_window,
            event_window=(-1, 4),
            model=model,
            **kw,
        ).fit()

    def monday_wide(self, assets: tuple[str, ...] = CORE10, market: str = MARKET) -> EventStudyResults:
        """The 2025-01-27 study over event window (-10, +10) (for CAR paths)."""
        rets = self.returns
        return EventStudy(
            rets[list(assets)],
            market=rets[market],
            event_date=EVENT_MONDAY,
            estimation_window=ESTIMATION_WINDOW,
            event_window=(-10, 10),
        ).fit()

    def osw_wide(self, assets: tuple[str, ...] = CORE10, market: str = MARKET) -> EventStudyResults:
        """The Open Source Week study over event window (-10, +10), estimation window before 2025-01-27."""
        rets = self.returns
        return EventStudy(
            rets[list(assets)],
            market=rets[market],
            event_date=EVENT_OSW,
            estimation_window=self.osw_estimation_window(),
            event_window=(-10, 10),
        ).fit()

    def osw_estimation_window(self, length: int = 250) -> tuple[int, int]:
        """Open Source Week estimation window that ends before 2025-01-27."""
        return estimation_window_before("XNYS", EVENT_OSW, EVENT_MONDAY, length=length)

    def open_source_week(
        self, assets: tuple[str, ...] = CORE10, model: str = "market", market: str = MARKET, **kw: object
    ) -> EventStudyResults:
        """The Open Source Week study: day 0 = 2025-02-24, event window (0, +4)."""
        rets = self.returns
        return EventStudy(
            rets[list(assets)],
            market=rets[market],
            event_date=EVENT_OSW,
            estimation_window=self.osw_estimation_window(),
            event_window=(0, 4),
            model=model,
            **kw,
        ).fit()

    def crypto(self, design: str = "aligned", event: str = EVENT_MONDAY) -> EventStudyResults:
        """BTC-USD and ETH-USD around ``event``.

        ``design="aligned"``: returns compounded onto XNYS sessions (weekend returns roll into
        Monday) and a market model against ^GSPC over :data:`CRYPTO_ESTIMATION_ALIGNED`;
        ``design="own"``: each coin on its 24/7 UTC calendar with a constant-mean model over
        :data:`CRYPTO_ESTIMATION_OWN` (there is no 24/7 market index in the snapshot).
        """
        rets = self.returns
        if design == "aligned":
            return EventStudy(
                rets[list(CRYPTO)],
                market=rets[MARKET],
                event_date=event,
                estimation_window=CRYPTO_ESTIMATION_ALIGNED,
                event_window=(0, 4),
                alignment="market",
            ).fit()
        if design == "own":
            return EventStudy(
                rets[list(CRYPTO)],
                event_date=event,
                estimation_window=CRYPTO_ESTIMATION_OWN,
                event_window=(0, 6),
                model="constant_mean",
            ).fit()
        raise SpecificationError(f"design must be 'aligned' or 'own', not {design!r}")

    # ---------------------------------------------------------------- beyond returns
    def _stock_frame(self, cols: tuple[str, ...]) -> pd.DataFrame:
        """Exchange-session returns of ``cols`` (drops the crypto-only weekend rows)."""
        return self.returns[list(cols)].dropna(how="all")

    def abnormal_volume(self):  # noqa: ANN201
        """NVDA's abnormal log volume around 2025-01-27 (market-volume model on SPY)."""
        from ..extensions import abnormal_volume

        vol = load_prices(["NVDA", "SPY"], field="volume", data_dir=self.data_dir)
        return abnormal_volume(
            vol["NVDA"],
            EVENT_MONDAY,
            estimation_window=ESTIMATION_WINDOW,
            event_window=(-1, 4),
            model="market",
            market_volume=vol["SPY"],
        )

    def volatility(self, asset: str = "NVDA", post: tuple[int, int] = (0, 59)):  # noqa: ANN201
        """Variance and beta shift of ``asset``, pre (-120,-1) against ``post``, against ^GSPC."""
        from ..extensions import volatility_shift

        r = self._stock_frame((asset, MARKET))
        return volatility_shift(r[[asset]], r[MARKET], EVENT_MONDAY, post=post)

    def chip_volume(self, event_window: tuple[int, int] = (-10, 10)):  # noqa: ANN201
        """Abnormal log volume of the six chip stocks (market-volume model on SPY)."""
        from ..extensions import abnormal_volume

        vol = load_prices([*CHIPS, "SPY"], field="volume", data_dir=self.data_dir)
        return abnormal_volume(
            vol[list(CHIPS)],
            EVENT_MONDAY,
            estimation_window=ESTIMATION_WINDOW,
            event_window=event_window,
            model="market",
            market_volume=vol["SPY"],
        )

    def event_variance(self):  # noqa: ANN201
        """BMP (1991) event-induced variance across the ten stocks on day 0."""
        from ..extensions import event_induced_variance

        r = self._stock_frame((*CORE10, MARKET))
        return event_induced_variance(
            r[list(CORE10)], r[MARKET], EVENT_MONDAY, estimation_window=ESTIMATION_WINDOW
        )

    def synthetic(self):  # noqa: ANN201
        """Synthetic NVDA from the :data:`DONORS` pool, with donor placebos."""
        from ..extensions import synthetic_control

        r = to_returns(load_prices(["NVDA", *DONORS], data_dir=self.data_dir))
        return synthetic_control(
            r, "NVDA", list(DONORS), EVENT_MONDAY, estimation_window=ESTIMATION_WINDOW, event_window=(0, 4)
        )

    def calendar_time(self):  # noqa: ANN201
        """Equal-weighted portfolio of the six chip stocks against ^GSPC (Jaffe 1974; Mandelker 1974)."""
        from ..extensions import calendar_time_portfolio

        r = self._stock_frame((*CHIPS, MARKET))
        return calendar_time_portfolio(
            r[list(CHIPS)], r[MARKET], EVENT_MONDAY, estimation_window=ESTIMATION_WINDOW, event_window=(0, 4)
        )

    def nvda_placebo(self, window: tuple[int, int] = (0, 0), n: int | None = None) -> PlaceboResult:
        """NVDA's market-model AR on 2025-01-27 against every session of 2017-2024 as a pseudo-event."""
        rets = self.returns
        return placebo(
            rets[["NVDA"]],
            rets[MARKET],
            EVENT_MONDAY,
            asset="NVDA",
            window=window,
            estimation_window=ESTIMATION_WINDOW,
            start="2017-01-03",
            end="2024-12-31",
            n=n,
        )

    def robustness(self, lengths: tuple[int, ...] = (120, 250)) -> pd.DataFrame:
        """Day-0 results across estimation-window lengths and normal-return models.

        For each specification: NVDA's day-0 AR and prediction-error t, and the chip
        portfolio's CAAR(0,0) with the BMP (parametric) and GRANK (non-parametric) p-values.
        Models: market (vs ^GSPC), market-adjusted, sector-adjusted (market-adjusted vs ^SOX),
        two-factor (^GSPC and ^SOX), GARCH(1,1) market model.
        """
        rets = self.returns
        rows = []
        specs = [
            ("market model", "market", MARKET, None),
            ("market-adjusted", "market_adjusted", MARKET, None),
            ("sector-adjusted (SOX)", "market_adjusted", SECTOR, None),
            ("two-factor (S&P 500, SOX)", "factor", None, (MARKET, SECTOR)),
            ("GARCH(1,1) market model", "garch", MARKET, None),
        ]
        for length in lengths:
            est = (-(length + 10), -11)
            for label, model, mkt, fac in specs:
                res = EventStudy(
                    rets[list(CHIPS)],
                    market=None if mkt is None else rets[mkt],
                    factors=None if fac is None else rets[list(fac)],
                    event_date=EVENT_MONDAY,
                    estimation_window=est,
                    event_window=(0, 0),
                    model=model,
                ).fit()
                t0 = res.test("t_prediction_error", (0, 0), asset="NVDA")
                rows.append(
                    {
                        "model": label,
                        "estimation_length": length,
                        "nvda_ar0": float(res.abnormal_returns.loc[0, "NVDA"]),
                        "nvda_t0": t0.statistic,
                        "nvda_p0": t0.pvalue,
                        "chips_caar0": res.caar((0, 0)),
                        "chips_p_bmp": res.test("bmp", (0, 0)).pvalue,
                        "chips_p_grank": res.test("grank", (0, 0)).pvalue,
                    }
                )
        return pd.DataFrame(rows)
