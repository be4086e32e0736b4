"""Factor loader (user file path; the online path needs network and is not run here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eventstudy as es
from eventstudy.errors import DataError, DuplicateDateError, UnsortedDataError


def _write(tmp_path, text: str):
    p = tmp_path / "ff.csv"
    p.write_text(text)
    return p


def test_percent_file_becomes_decimals_and_drives_a_factor_model(tmp_path):
    # hand-made factor file in percent, as Kenneth French publishes it
    sess = es.sessions("XNYS", "2024-01-02", "2024-12-31")[:140]
    rng = np.random.default_rng(1)
    mkt = rng.normal(0, 1.0, sess.size)  # percent
    smb = rng.normal(0, 0.5, sess.size)
    lines = ["date,Mkt-RF,SMB"] + [
        f"{d:%Y-%m-%d},{a:.6f},{b:.6f}" for d, a, b in zip(sess, mkt, smb, strict=True)
    ]
    f = es.load_factors(_write(tmp_path, "\n".join(lines)))
    assert list(f.columns) == ["Mkt-RF", "SMB"]
    assert f.iloc[0, 0] == pytest.approx(round(mkt[0], 6) / 100, abs=1e-15)
    # synthetic asset returns built from the factors: the factor model recovers the loadings
    y = 0.0002 + 1.2 * f["Mkt-RF"] - 0.4 * f["SMB"] + rng.normal(0, 1e-4, sess.size)
    res = es.EventStudy(
        y.rename("XYZ").to_frame(),
        factors=f,
        model="factor",
        event_date=sess[130],
        estimation_window=(-120, -6),
        event_window=(0, 2),
    ).fit()
    assert res.params.loc["XYZ", "Mkt-RF"] == pytest.approx(1.2, abs=0.01)
    assert res.params.loc["XYZ", "SMB"] == pytest.approx(-0.4, abs=0.01)


@pytest.mark.parametrize(
    ("text", "err", "match"),
    [
        ("day,Mkt-RF\n2024-01-02,0.1\n", DataError, "needs a 'date' column"),
        ("date,Mkt-RF\n2024-01-02,abc\n", DataError, "non-numeric"),
        ("date,Mkt-RF\n2024-01-02,0.1\n2024-01-02,0.2\n", DuplicateDateError, "2024-01-02"),
        ("date,Mkt-RF\n2024-01-03,0.1\n2024-01-02,0.2\n", UnsortedDataError, "not sorted"),
        ("date,Mkt-RF\n2024-01-02,\n", DataError, "missing or infinite Mkt-RF on 2024-01-02"),
    ],
)
def test_bad_factor_files(tmp_path, text, err, match):
    with pytest.raises(err, match=match):
        es.load_factors(_write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        es.load_factors(tmp_path / "nope.csv")


def test_decimal_file_kept_as_is(tmp_path):
    f = es.load_factors(_write(tmp_path, "date,MKT\n2024-01-02,0.01\n2024-01-03,-0.02\n"), percent=False)
    pd.testing.assert_series_equal(
        f["MKT"],
        pd.Series(
            [0.01, -0.02], index=pd.DatetimeIndex(["2024-01-02", "2024-01-03"], name="date"), name="MKT"
        ),
    )
