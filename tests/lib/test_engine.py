"""The batched OLS engine against statsmodels and MacKinlay's formulas (synthetic data, labelled)."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from eventstudy.engine import fit_batch, fixed_batch
from eventstudy.errors import SpecificationError


@pytest.fixture
def synthetic_pairs():
    """Synthetic returns (not market data): K=5 pairs, L=120, T=3, market model."""
    rng = np.random.default_rng(7)
    L, T, K = 120, 3, 5
    m = rng.normal(0, 0.01, size=(L + T, K))
    beta = np.linspace(0.5, 1.5, K)
    y = 0.0005 + m * beta + rng.normal(0, 0.02, size=(L + T, K))
    X = np.stack([np.column_stack([np.ones(L + T), m[:, k]]) for k in range(K)])
    return y[:L], X[:, :L], y[L:], X[:, L:]


def test_matches_statsmodels_per_pair(synthetic_pairs):
    y_est, X_est, y_evt, X_evt = synthetic_pairs
    fit = fit_batch(y_est, X_est, y_evt, X_evt)
    for k in range(y_est.shape[1]):
        ols = sm.OLS(y_est[:, k], X_est[k]).fit()
        np.testing.assert_allclose(fit.params[k], ols.params, rtol=1e-10, atol=1e-14)
        # statsmodels' scale is SSR/(L-p): the ddof=p (MacKinlay L-2) convention
        np.testing.assert_allclose(fit.sigma[k] ** 2, ols.scale, rtol=1e-10)
        np.testing.assert_allclose(fit.resid_est[:, k], ols.resid, atol=1e-14)
        np.testing.assert_allclose(fit.r2[k], ols.rsquared, rtol=1e-10)
        pred = ols.get_prediction(X_evt[k])
        # prediction-error variance = sigma^2 + Var(x* b) = sigma^2 (1 + x*(X'X)^-1 x*')
        np.testing.assert_allclose(np.diag(fit.cov_evt[k]), ols.scale + pred.se_mean**2, rtol=1e-10)
        np.testing.assert_allclose(fit.ar[:, k], y_evt[:, k] - pred.predicted_mean, atol=1e-14)


def test_market_model_prediction_error_formula(synthetic_pairs):
    """MacKinlay (1997) eq. 9: var = s^2 [1 + 1/L + (Rm* - mu_m)^2 / sum (Rm - mu_m)^2]."""
    y_est, X_est, y_evt, X_evt = synthetic_pairs
    fit = fit_batch(y_est, X_est, y_evt, X_evt)
    k = 2
    m, ms = X_est[k, :, 1], X_evt[k, :, 1]
    L = m.size
    hand = fit.sigma[k] ** 2 * (1 + 1 / L + (ms - m.mean()) ** 2 / ((m - m.mean()) ** 2).sum())
    np.testing.assert_allclose(np.diag(fit.cov_evt[k]), hand, rtol=1e-12)
    # off-diagonal: s^2 [1/L + (Rm*_t - mu)(Rm*_s - mu)/sum]
    off = fit.sigma[k] ** 2 * (1 / L + (ms[0] - m.mean()) * (ms[1] - m.mean()) / ((m - m.mean()) ** 2).sum())
    np.testing.assert_allclose(fit.cov_evt[k, 0, 1], off, rtol=1e-12)


def test_ddof_conventions(synthetic_pairs):
    y_est, X_est, y_evt, X_evt = synthetic_pairs
    L = y_est.shape[0]
    f2 = fit_batch(y_est, X_est, y_evt, X_evt, ddof=2)
    f1 = fit_batch(y_est, X_est, y_evt, X_evt, ddof=1)
    ssr = (f2.resid_est**2).sum(axis=0)
    np.testing.assert_allclose(f2.sigma**2, ssr / (L - 2), rtol=1e-12)
    np.testing.assert_allclose(f1.sigma**2, ssr / (L - 1), rtol=1e-12)


def test_fixed_model_has_no_estimation_error():
    y_est = np.array([[0.01, -0.02], [0.03, 0.0], [-0.01, 0.01], [0.0, 0.02]])
    y_evt = np.array([[0.05, -0.01]])
    fit = fixed_batch(y_est, y_evt, ddof=0)
    np.testing.assert_allclose(fit.sigma**2, (y_est**2).sum(axis=0) / 4)
    np.testing.assert_allclose(fit.cov_evt[:, 0, 0], fit.sigma**2)
    np.testing.assert_array_equal(fit.ar, y_evt)


def test_singular_design_is_an_error():
    L = 20
    X = np.ones((1, L, 2))  # market return constant -> collinear with the intercept
    with pytest.raises(SpecificationError, match="singular"):
        fit_batch(np.zeros((L, 1)) + 0.01, X, np.zeros((1, 1)), np.ones((1, 1, 2)))


def test_shared_design_path_equals_statsmodels_and_single_pair_fits():
    """K pairs with one design (one event date): (X'X)^{-1} once; same numbers as K separate fits (1e-10)."""
    from eventstudy.models import design_matrix

    rng = np.random.default_rng(3)
    L, T, K = 150, 4, 6
    m = rng.normal(0, 0.01, L + T)  # SYNTHETIC market shared by all pairs
    y = 0.0003 + np.outer(m, np.linspace(0.4, 1.6, K)) + rng.normal(0, 0.02, (L + T, K))
    M = np.repeat(m[:, None], K, axis=1)
    X_est, X_evt = design_matrix("market", M[:L], None, L, K), design_matrix("market", M[L:], None, T, K)
    assert X_est.strides[0] == 0  # a broadcast view: the engine takes the shared path
    fit = fit_batch(y[:L], X_est, y[L:], X_evt)
    for k in range(K):
        one = fit_batch(y[:L, [k]], np.array(X_est[[k]]), y[L:, [k]], np.array(X_evt[[k]]))  # general path
        ols = sm.OLS(y[:L, k], X_est[k]).fit()
        np.testing.assert_allclose(fit.params[k], ols.params, rtol=0, atol=1e-10)
        np.testing.assert_allclose(fit.params[k], one.params[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(fit.sigma[k] ** 2, ols.scale, rtol=1e-10)
        np.testing.assert_allclose(fit.cov_evt[k], one.cov_evt[0], rtol=1e-12, atol=0)
        np.testing.assert_allclose(fit.ar[:, k], one.ar[:, 0], rtol=0, atol=1e-14)
        np.testing.assert_allclose(fit.r2[k], ols.rsquared, rtol=1e-10)
    # a materialised copy of the same designs is recognised too
    again = fit_batch(y[:L], np.array(X_est), y[L:], np.array(X_evt))
    np.testing.assert_array_equal(again.params, fit.params)
    with pytest.raises(SpecificationError, match="singular"):
        fit_batch(y[:L], design_matrix("market", np.full((L, K), 0.01), None, L, K), y[L:], X_evt)
