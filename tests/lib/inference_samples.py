"""Hand-made samples shared by the inference tests (explicit small numbers, plain loops).

``build_sample`` fits the market model by the textbook closed form with Python loops (no
numpy algebra), so each test compares the package against an independent calculation.
``simulate_sample`` makes SYNTHETIC iid-normal data for size checks only.
"""

from __future__ import annotations

import math

import numpy as np

from eventstudy.inference import EventSample

# --- hand-made data (explicit small numbers) ---
MKT = [0.010, -0.020, 0.015, 0.003, -0.007, 0.012, 0.020, -0.010, 0.005]
RET = [  # rows: days (6 estimation, then 3 event days); columns: 3 assets
    [0.012, 0.005, 0.020],
    [-0.025, -0.010, -0.030],
    [0.020, 0.011, 0.010],
    [0.001, 0.006, 0.008],
    [-0.004, -0.009, -0.012],
    [0.015, 0.004, 0.018],
    [0.030, -0.015, 0.025],
    [-0.008, 0.003, 0.004],
    [0.002, -0.002, 0.010],
]


def build_sample(mkt=MKT, ret=RET, L=6, ddof=2, event_start=-1):
    """Market model fitted by the textbook closed form with plain loops (no numpy algebra)."""
    n_days, N = len(mkt), len(ret[0])
    T = n_days - L
    mbar = sum(mkt[:L]) / L
    sxx = sum((mkt[t] - mbar) ** 2 for t in range(L))
    ar_est, ar_evt = np.zeros((L, N)), np.zeros((T, N))
    sigma, cov = np.zeros(N), np.zeros((N, T, T))
    for i in range(N):
        ybar = sum(ret[t][i] for t in range(L)) / L
        beta = sum((mkt[t] - mbar) * (ret[t][i] - ybar) for t in range(L)) / sxx
        alpha = ybar - beta * mbar
        for t in range(L):
            ar_est[t, i] = ret[t][i] - alpha - beta * mkt[t]
        for t in range(T):
            ar_evt[t, i] = ret[L + t][i] - alpha - beta * mkt[L + t]
        sigma[i] = math.sqrt(sum(ar_est[t, i] ** 2 for t in range(L)) / (L - ddof))
        for t in range(T):
            for s in range(T):
                cov[i, t, s] = sigma[i] ** 2 * (
                    (t == s) + 1 / L + (mkt[L + t] - mbar) * (mkt[L + s] - mbar) / sxx
                )
    X = np.array([[1.0, x] for x in mkt])
    return EventSample(
        ar_est=ar_est,
        ar_evt=ar_evt,
        event_days=np.arange(event_start, event_start + T),
        sigma=sigma,
        cov_evt=cov,
        dof=L - 2,
        ddof=ddof,
        assets=tuple(f"A{i}" for i in range(N)),
        returns_est=np.array(ret[:L], dtype=float),
        returns_evt=np.array(ret[L:], dtype=float),
        regressors_est=np.array([X[:L]] * N),
        regressors_evt=np.array([X[L:]] * N),
        est_days=np.arange(event_start - L, event_start),
    )


def car_var_formula(sample, i, rows, mkt=MKT, L=6):
    """Var(CAR) of the market model written out (MacKinlay 1997, eq. 14 with the estimation term)."""
    mbar = sum(mkt[:L]) / L
    sxx = sum((mkt[t] - mbar) ** 2 for t in range(L))
    total = 0.0
    for t in rows:
        for s in rows:
            total += (t == s) + 1 / L + (mkt[L + t] - mbar) * (mkt[L + s] - mbar) / sxx
    return sample.sigma[i] ** 2 * total


def simulate_sample(rng, N=25, L=120, T=3):
    """SYNTHETIC iid-normal market-model data (for size checks only), fitted with numpy."""
    m = rng.normal(0.0, 0.01, L + T)
    r = 0.0003 + 0.9 * m[:, None] + rng.normal(0.0, 0.02, (L + T, N))
    X = np.column_stack([np.ones(L + T), m])
    Xe, Xv = X[:L], X[L:]
    b = np.linalg.solve(Xe.T @ Xe, Xe.T @ r[:L])
    e, a = r[:L] - Xe @ b, r[L:] - Xv @ b
    sig = np.sqrt((e**2).sum(axis=0) / (L - 2))
    V = np.eye(T) + Xv @ np.linalg.solve(Xe.T @ Xe, Xv.T)
    return EventSample(
        ar_est=e,
        ar_evt=a,
        event_days=np.arange(-(T // 2), T - T // 2),
        sigma=sig,
        cov_evt=sig[:, None, None] ** 2 * V,
        dof=L - 2,
        ddof=2,
        est_days=np.arange(-(T // 2) - L, -(T // 2)),
    )


def synthetic_rejection_rates(tests, seed, draws=300, window=(-1, 1), level=0.05):
    """Share of ``draws`` SYNTHETIC iid-normal samples on which each test rejects at ``level``."""
    rng = np.random.default_rng(seed)
    rejections = dict.fromkeys(tests, 0)
    for _ in range(draws):
        s = simulate_sample(rng)
        for name, test in tests.items():
            rejections[name] += test(s, window).pvalue < level
    return {name: k / draws for name, k in rejections.items()}
