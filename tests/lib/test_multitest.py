"""Multiple-testing corrections: res.tests(adjust=...) and the adjustment itself, by hand (on a SYNTHETIC panel)."""

from __future__ import annotations

import numpy as np
import pytest
from synthetic import EVENT, daily_panel

import eventstudy as es
from eventstudy.errors import SpecificationError
from eventstudy.inference.multitest import ADJUST_METHODS, adjust_pvalues


def test_holm_by_hand():
    p = [0.01, 0.04, 0.03, 0.20]
    # sorted 0.01, 0.03, 0.04, 0.20 times 4, 3, 2, 1 -> 0.04, 0.09, 0.08, 0.20; running max -> .04,.09,.09,.20
    out = adjust_pvalues(p, "holm")
    assert out == pytest.approx([0.04, 0.09, 0.09, 0.20], abs=1e-15)


def test_bonferroni_and_bh_by_hand():
    p = np.array([0.01, 0.04, 0.03, 0.20])
    assert adjust_pvalues(p, "bonferroni") == pytest.approx([0.04, 0.16, 0.12, 0.80], abs=1e-15)
    # BH: p_(k) m/k = .01*4, .03*2, .04*4/3, .20; step-up min from the top: .04, .053333, .053333, .20
    assert adjust_pvalues(p, "fdr_bh") == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20], abs=1e-12)


def test_nan_is_kept_and_not_counted():
    out = adjust_pvalues([0.01, np.nan, 0.02], "bonferroni")
    assert out[0] == pytest.approx(0.02) and np.isnan(out[1]) and out[2] == pytest.approx(0.04)


@pytest.mark.parametrize("method", ["holmes", "", "BH-fdr"])
def test_unknown_method_is_a_typed_error(method):
    with pytest.raises(SpecificationError, match="multitest method"):
        adjust_pvalues([0.1], method)


def test_pvalues_outside_unit_interval_are_rejected():
    with pytest.raises(SpecificationError, match=r"\[0, 1\]"):
        adjust_pvalues([0.1, 1.5], "holm")


@pytest.fixture(scope="module")
def panel():
    """SYNTHETIC ten-asset panel, one event date for all (a clustered design; tests/lib/synthetic.py)."""
    r, m = daily_panel(seed=6)
    return es.EventStudy(r, market=m, event_date=EVENT, event_window=(-1, 4)).fit()


def test_tests_adjust_adds_the_column_over_the_whole_family(panel):
    names = ["t_prediction_error", "kolari_pynnonen", "corrado_rank", "bhar_t"]
    t = panel.tests((0, 0), names=names, adjust="holm")
    assert "pvalue_adjusted" in t.columns and len(t) == 13
    p = t["pvalue"].to_numpy()
    m = len(p)
    order = np.argsort(p)
    hand = np.empty(m)
    running = 0.0
    for k, i in enumerate(order):  # Holm (1979) step-down, plain loop
        running = max(running, min(1.0, (m - k) * p[i]))
        hand[i] = running
    assert t["pvalue_adjusted"].to_numpy() == pytest.approx(hand, abs=1e-12)
    assert (t["pvalue_adjusted"] >= t["pvalue"] - 1e-15).all()


def test_every_statsmodels_method_runs(panel):
    for method in ADJUST_METHODS:
        t = panel.tests((0, 0), names=["kolari_pynnonen", "patell"], adjust=method)
        assert t["pvalue_adjusted"].between(0, 1).all()


def test_tests_rejects_bad_adjust_before_running(panel):
    with pytest.raises(SpecificationError, match="adjust='nope'"):
        panel.tests(adjust="nope")


def test_size_note_column_flags_the_over_rejecting_tests(panel):
    t = panel.tests((-1, 1), names=["patell", "kolari_pynnonen", "joint_wald", "corrado_rank"]).set_index(
        "test"
    )
    assert t.loc["kolari_pynnonen", "size_note"] == ""
    assert t.loc["corrado_rank", "size_note"] == ""
    assert "over-rejects" in t.loc["patell", "size_note"] and "clustered" in t.loc["patell", "size_note"]
    assert "F p-value" in t.loc["joint_wald", "size_note"]
    assert panel.design == "clustered"
