"""Normal-return models: one class per model, one interface, one registry.

Each model is a :class:`NormalReturnModel` (``design`` builds its regressors, ``fit`` fits
on the estimation window and predicts the event window, ``param_names`` names the
coefficients); :data:`MODEL_CLASSES` maps the public names to the classes, so a new model is
one class plus one line there, and :class:`~eventstudy.study.EventStudy` has no per-model
branches. A model turns the returns gathered in event time into abnormal returns:

============================  ===============================================  ==============
name                          normal return :math:`E[R_{it} | X_t]`            reference
============================  ===============================================  ==============
``"constant_mean"``           :math:`\\mu_i`                                    MacKinlay (1997), eq. 5
``"market_adjusted"``         :math:`R_{mt}` (alpha 0, beta 1; no fit)         Brown & Warner (1980)
``"market"``                  :math:`\\alpha_i + \\beta_i R_{mt}`                MacKinlay (1997), eq. 6
``"factor"``                  :math:`\\alpha_i + \\sum_j b_{ij} F_{jt}`          Fama & French (1993)
``"garch"``                   market model with GARCH(1,1) errors              Bollerslev (1986)
``"scholes_williams"``        :math:`\\alpha + \\beta_{SW} R_{mt}`               Scholes & Williams (1977)
``"dimson"``                  :math:`\\alpha + \\sum_{k=-1}^{1} b_k R_{m,t+k}`   Dimson (1979)
============================  ===============================================  ==============

Thin-trading models (:mod:`eventstudy.thin_trading`) read the market's lagged and leading
returns, which :class:`eventstudy.EventStudy` builds from ``market=`` and passes as factors.

OLS models go through :func:`eventstudy.engine.fit_batch`; the GARCH model is
fitted per asset with ``arch`` (optional extra ``garch``).

References
----------
1. MacKinlay, A. C. (1997). Event studies in economics and finance. *JEL* 35(1), 13-39.
2. Brown, S. J., & Warner, J. B. (1980). Measuring security price performance. *JFE* 8(3), 205-258.
3. Fama, E. F., & French, K. R. (1993). Common risk factors in the returns on stocks and bonds.
   *JFE* 33(1), 3-56.
4. Bollerslev, T. (1986). Generalized autoregressive conditional heteroskedasticity.
   *Journal of Econometrics* 31(3), 307-327.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Literal

import numpy as np

from .engine import BatchFit, fit_batch, fixed_batch
from .errors import SpecificationError

__all__ = [
    "NormalReturnModel",
    "ConstantMean",
    "MarketAdjusted",
    "MarketModel",
    "FactorModel",
    "GarchMarketModel",
    "ScholesWilliams",
    "Dimson",
    "MODEL_CLASSES",
    "MODELS",
    "LEAD_LAG_MODELS",
    "GARCH_BOUNDARY_TOL",
    "ModelName",
    "get_model",
    "design_matrix",
    "param_names",
    "fit_model",
    "fit_garch_market_model",
]


class NormalReturnModel(ABC):
    """One normal-return model: a design built from the data, fitted on the estimation window,
    used to predict the event window.

    A model is a small stateless object (like arch's mean/volatility components); its results
    live in the :class:`~eventstudy.engine.BatchFit` that :meth:`fit` returns (coefficients,
    residual sd, estimation residuals, event-window abnormal returns and their
    prediction-error covariance). A new model is one subclass plus one line in
    :data:`MODEL_CLASSES`.

    Arrays follow :mod:`eventstudy.alignment`: returns ``(L, K)`` / ``(T, K)`` for ``K``
    asset-event pairs; market ``(L, K)`` / ``(T, K)``; factors ``(L, K, f)`` / ``(T, K, f)``;
    designs ``(K, L, p)`` / ``(K, T, p)``.
    """

    #: public name (``EventStudy(model=...)``)
    name: ClassVar[str]
    #: source of the model
    reference: ClassVar[str] = ""
    #: needs ``market=``
    needs_market: ClassVar[bool] = False
    #: needs ``factors=``
    needs_factors: ClassVar[bool] = False

    def param_names(self, factor_names: tuple[str, ...] = ()) -> list[str]:
        """Names of the estimated coefficients (constant first); ``[]`` when nothing is estimated."""
        return ["alpha", "beta"]

    def design(
        self, market: np.ndarray | None, factors: np.ndarray | None, n_rows: int, k: int
    ) -> np.ndarray | None:
        """Design matrices ``(k, n_rows, p)`` including the constant, or ``None`` (no regression).

        The tests that refit the model (event-dummy regression, joint Wald) read it.
        """
        return _with_const(_need(market, self.name, "market returns: pass market=").T[:, :, None], n_rows, k)

    @abstractmethod
    def fit(
        self,
        y_est: np.ndarray,
        y_evt: np.ndarray,
        X_est: np.ndarray | None,
        X_evt: np.ndarray | None,
        ddof: int | None = None,
        *,
        market_est: np.ndarray | None = None,
        market_evt: np.ndarray | None = None,
        factors_est: np.ndarray | None = None,
        factors_evt: np.ndarray | None = None,
        horizons: np.ndarray | None = None,
    ) -> BatchFit:
        """Fit on the estimation window and predict the event window.

        Parameters
        ----------
        y_est, y_evt : ndarray
            Returns, shapes (L, K), (T, K).
        X_est, X_evt : ndarray or None
            Designs from :meth:`design`.
        ddof : int, optional
            Residual-variance denominator ``L - ddof``; default: number of coefficients.
        market_est, market_evt, factors_est, factors_evt : ndarray, optional
            The raw market and factor returns (models that are not a plain regression on the design).
        horizons : ndarray of int, optional
            Steps from the last estimation day to each event day (forecast horizons).
        """

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _need(a: np.ndarray | None, model: str, what: str) -> np.ndarray:
    if a is None:
        raise SpecificationError(f"model={model!r} needs {what}")
    return a


def _with_const(cols: np.ndarray | None, n_rows: int, k: int) -> np.ndarray:
    if cols is None or (k > 1 and (cols.strides[0] == 0 or (cols == cols[:1]).all())):
        # one design shared by every pair (one event date on one calendar): a read-only
        # broadcast view (stride 0 over pairs) that engine.fit_batch solves once
        x0 = np.ones((n_rows, 1 if cols is None else 1 + cols.shape[2]))
        if cols is not None:
            x0[:, 1:] = cols[0]
        return np.broadcast_to(x0, (k, *x0.shape))
    const = np.ones((k, n_rows, 1))
    return np.concatenate([const, cols], axis=2)


class _OLS(NormalReturnModel):
    """A linear model fitted by OLS on its design (the engine's batched solver)."""

    def fit(self, y_est, y_evt, X_est, X_evt, ddof=None, **_: object) -> BatchFit:  # noqa: ANN001
        return fit_batch(y_est, X_est, y_evt, X_evt, ddof=ddof)


class ConstantMean(_OLS):
    """:math:`E[R_{it}] = \\mu_i` (MacKinlay 1997, eq. 5)."""

    name = "constant_mean"
    reference = "MacKinlay (1997), eq. 5"

    def param_names(self, factor_names: tuple[str, ...] = ()) -> list[str]:
        return ["alpha"]

    def design(self, market, factors, n_rows, k):  # noqa: ANN001, ANN201
        return _with_const(None, n_rows, k)


class MarketModel(_OLS):
    """:math:`E[R_{it} | R_{mt}] = \\alpha_i + \\beta_i R_{mt}` (MacKinlay 1997, eq. 6)."""

    name = "market"
    reference = "MacKinlay (1997), eq. 6"
    needs_market = True


class FactorModel(_OLS):
    """:math:`\\alpha_i + \\sum_j b_{ij} F_{jt}` (Fama & French 1993); factors in decimals."""

    name = "factor"
    reference = "Fama & French (1993)"
    needs_factors = True

    def param_names(self, factor_names: tuple[str, ...] = ()) -> list[str]:
        return ["alpha", *factor_names]

    def design(self, market, factors, n_rows, k):  # noqa: ANN001, ANN201
        f = _need(factors, self.name, "a factors DataFrame: pass factors=")
        return _with_const(np.transpose(f, (1, 0, 2)), n_rows, k)


class MarketAdjusted(NormalReturnModel):
    """:math:`E[R_{it}] = R_{mt}` (alpha 0, beta 1; nothing estimated; Brown & Warner 1980).

    ``ddof`` defaults to 0 (no coefficient is estimated).
    """

    name = "market_adjusted"
    reference = "Brown & Warner (1980)"
    needs_market = True

    def param_names(self, factor_names: tuple[str, ...] = ()) -> list[str]:
        return []

    def design(self, market, factors, n_rows, k):  # noqa: ANN001, ANN201
        return None

    def fit(self, y_est, y_evt, X_est, X_evt, ddof=None, *, market_est=None, market_evt=None, **_: object):  # noqa: ANN001, ANN201
        if market_est is not None and market_evt is not None:  # else: returns already in excess of the market
            y_est, y_evt = y_est - market_est, y_evt - market_evt
        return fixed_batch(y_est, y_evt, ddof=0 if ddof is None else ddof)


class GarchMarketModel(NormalReturnModel):
    """Market model with GARCH(1,1) errors (Bollerslev 1986); see :func:`fit_garch_market_model`."""

    name = "garch"
    reference = "Bollerslev (1986)"
    needs_market = True

    def fit(self, y_est, y_evt, X_est, X_evt, ddof=None, *, horizons=None, **_: object):  # noqa: ANN001, ANN201
        return fit_garch_market_model(y_est, y_evt, X_est, X_evt, ddof=ddof, horizons=horizons)


class Dimson(NormalReturnModel):
    """Dimson (1979) regression on the market's lag, level and lead (:mod:`eventstudy.thin_trading`)."""

    name = "dimson"
    reference = "Dimson (1979), eq. 9"
    needs_market = True

    def param_names(self, factor_names: tuple[str, ...] = ()) -> list[str]:
        from .thin_trading import dimson_param_names

        return dimson_param_names()

    def design(self, market, factors, n_rows, k):  # noqa: ANN001, ANN201
        f = _need(factors, self.name, "the market's leads and lags: pass market=")
        return _with_const(np.transpose(f, (1, 0, 2)), n_rows, k)

    def fit(self, y_est, y_evt, X_est, X_evt, ddof=None, **_: object):  # noqa: ANN001, ANN201
        from .thin_trading import fit_dimson

        return fit_dimson(y_est, X_est, y_evt, X_evt, ddof=ddof)


class ScholesWilliams(NormalReturnModel):
    """Scholes & Williams (1977) beta (:mod:`eventstudy.thin_trading`); the design is the
    contemporaneous market model ``[1, R_mt]`` for the tests that refit it."""

    name = "scholes_williams"
    reference = "Scholes & Williams (1977), eq. 13-14"
    needs_market = True

    def design(self, market, factors, n_rows, k):  # noqa: ANN001, ANN201
        f = _need(factors, self.name, "the market's leads and lags: pass market=")
        return _with_const(np.transpose(f, (1, 0, 2))[:, :, 1:2], n_rows, k)

    def fit(self, y_est, y_evt, X_est, X_evt, ddof=None, *, factors_est=None, factors_evt=None, **_: object):  # noqa: ANN001, ANN201
        from .thin_trading import fit_scholes_williams

        f_est = _need(factors_est, self.name, "the market's leads and lags: pass market=")
        f_evt = _need(factors_evt, self.name, "the market's leads and lags: pass market=")
        return fit_scholes_williams(y_est, f_est, y_evt, f_evt, ddof=ddof)


MODEL_CLASSES: dict[str, type[NormalReturnModel]] = {
    "constant_mean": ConstantMean,
    "market_adjusted": MarketAdjusted,
    "market": MarketModel,
    "factor": FactorModel,
    "garch": GarchMarketModel,
    "scholes_williams": ScholesWilliams,
    "dimson": Dimson,
}
"""Model name -> class: the one registry of normal-return models."""

ModelName = Literal[
    "constant_mean", "market_adjusted", "market", "factor", "garch", "scholes_williams", "dimson"
]
MODELS: tuple[str, ...] = tuple(MODEL_CLASSES)
#: models that read the market's lagged and leading returns (:mod:`eventstudy.thin_trading`)
LEAD_LAG_MODELS: tuple[str, ...] = ("scholes_williams", "dimson")

GARCH_BOUNDARY_TOL = 1e-3
"""A GARCH(1,1) fit is flagged at the boundary when ``alpha1 < tol``, ``beta1 < tol``,
``beta1 > 1 - tol`` or ``alpha1 + beta1 > 1 - tol`` (no ARCH effect, no persistence -- an
ARCH(1) --, or an integrated variance): the edges of arch's parameter space, where the usual
standard errors do not hold."""


def get_model(model: str | NormalReturnModel) -> NormalReturnModel:
    """The model object for a name (or the object itself).

    Raises
    ------
    SpecificationError
        Unknown name (the message lists the known ones).
    """
    if isinstance(model, NormalReturnModel):
        return model
    try:
        return MODEL_CLASSES[model]()
    except (KeyError, TypeError):
        raise SpecificationError(f"model={model!r} is not one of {tuple(MODEL_CLASSES)}") from None


def param_names(model: str, factor_names: tuple[str, ...] = ()) -> list[str]:
    """Names of the estimated coefficients of ``model`` (constant first)."""
    return get_model(model).param_names(factor_names)


def design_matrix(
    model: str, market: np.ndarray | None, factors: np.ndarray | None, n_rows: int, k: int
) -> np.ndarray | None:
    """Design matrices of ``k`` pairs over ``n_rows`` days, shape (k, n_rows, p); ``None`` without regression.

    Parameters
    ----------
    model : str
        Model name (see :data:`MODEL_CLASSES`).
    market : ndarray, shape (n_rows, k), optional
        Market returns aligned on each pair's days.
    factors : ndarray, shape (n_rows, k, f), optional
        Factor returns aligned on each pair's days.
    n_rows, k : int
        Number of days and of pairs.
    """
    return get_model(model).design(market, factors, n_rows, k)


def fit_model(
    model: str,
    y_est: np.ndarray,
    y_evt: np.ndarray,
    X_est: np.ndarray | None,
    X_evt: np.ndarray | None,
    ddof: int | None,
    gaps: np.ndarray | None = None,
    factors_est: np.ndarray | None = None,
    factors_evt: np.ndarray | None = None,
    market_est: np.ndarray | None = None,
    market_evt: np.ndarray | None = None,
) -> BatchFit:
    """Fit ``model`` for ``K`` pairs: :meth:`NormalReturnModel.fit` of :func:`get_model` ``(model)``.

    For ``"market_adjusted"`` without ``market_est``/``market_evt``, ``y`` is taken to be
    already in excess of the market.
    """
    return get_model(model).fit(
        y_est,
        y_evt,
        X_est,
        X_evt,
        ddof,
        market_est=market_est,
        market_evt=market_evt,
        factors_est=factors_est,
        factors_evt=factors_evt,
        horizons=gaps,
    )


def fit_garch_market_model(
    y_est: np.ndarray,
    y_evt: np.ndarray,
    X_est: np.ndarray,
    X_evt: np.ndarray,
    ddof: int | None = None,
    horizons: np.ndarray | None = None,
) -> BatchFit:
    """Market model with GARCH(1,1) errors, fitted per asset by maximum likelihood.

    :math:`R_t = \\alpha + \\beta R_{mt} + e_t`, :math:`e_t = \\sqrt{h_t} z_t`,
    :math:`h_t = \\omega + a e_{t-1}^2 + b h_{t-1}` (Bollerslev 1986), estimated with
    ``arch.arch_model(mean="LS", vol="GARCH")`` on returns scaled to percent
    (scaling back afterwards; ``rescale=False`` so nothing is changed silently).

    Variance convention: the event-window covariance is diagonal with the
    conditional-variance forecasts ``h_{L+s} = omega + (a+b)^{s-1} (h_{L+1} - omega/(1-a-b)) + ...``
    computed by the recursion ``h_{L+1} = omega + a e_L^2 + b h_L``,
    ``h_{L+s} = omega + (a + b) h_{L+s-1}``; parameter-estimation error is not
    added (unlike the OLS prediction-error correction). ``sigma`` is the plain
    residual standard deviation ``sqrt(SSR/(L - ddof))`` for comparison.

    Diagnostics: ``extra_params`` also carries ``garch_converged`` (1 when the optimiser
    reported convergence, ``convergence_flag == 0``) and ``garch_boundary`` (1 when the fit
    sits at the edge of the parameter space, see :data:`GARCH_BOUNDARY_TOL`);
    :meth:`eventstudy.EventStudy.fit` turns either into a :class:`~eventstudy.errors.GarchFitWarning`
    naming the assets, and ``params`` shows both as booleans.
    """
    try:
        from arch import arch_model
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise SpecificationError(
            "model='garch' needs the optional dependency arch: pip install 'deepseek-eventstudy[garch]'"
        ) from exc
    L, K = y_est.shape
    T = y_evt.shape[0]
    horizons = np.arange(1, T + 1) if horizons is None else np.asarray(horizons, dtype=int)
    ddof = 2 if ddof is None else int(ddof)
    params = np.empty((K, 2))
    resid = np.empty((L, K))
    cov = np.zeros((K, T, T))
    garch_params = np.empty((K, 5))
    for k in range(K):  # one maximum-likelihood fit per asset; not a hot path
        am = arch_model(
            100 * y_est[:, k], x=100 * X_est[k, :, 1:2], mean="LS", vol="GARCH", p=1, q=1, rescale=False
        )
        fit = am.fit(disp="off", show_warning=False)
        c, b, omega, a1, b1 = (float(v) for v in fit.params.to_numpy()[:5])
        params[k] = (c / 100.0, b)
        e = fit.resid / 100.0
        resid[:, k] = e
        h_last = (fit.conditional_volatility[-1] / 100.0) ** 2
        omega_d = omega / 1e4
        h = np.empty(int(horizons.max()))
        h[0] = omega_d + a1 * e[-1] ** 2 + b1 * h_last
        for s in range(1, h.size):  # short recursion over forecast steps
            h[s] = omega_d + (a1 + b1) * h[s - 1]
        cov[k] = np.diag(h[horizons - 1])
        tol = GARCH_BOUNDARY_TOL
        boundary = a1 < tol or b1 < tol or b1 > 1 - tol or a1 + b1 > 1 - tol
        garch_params[k] = (omega_d, a1, b1, float(fit.convergence_flag == 0), float(boundary))
    ar = y_evt - np.einsum("ktp,kp->tk", X_evt, params)
    sigma = np.sqrt((resid**2).sum(axis=0) / (L - ddof))
    return BatchFit(
        params=params,
        sigma=sigma,
        resid_est=resid,
        ar=ar,
        cov_evt=cov,
        xtx_inv=np.full((K, 2, 2), np.nan),
        dof=L - 2,
        ddof=ddof,
        r2=np.full(K, np.nan),
        extra_params=garch_params,
        extra_names=("omega", "garch_alpha", "garch_beta", "garch_converged", "garch_boundary"),
    )
