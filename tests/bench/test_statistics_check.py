"""The benchmark's statistics check (bench/statistics_page.py): at nation scale it expects the press
release's figures as written there, at a smaller scale the scale's own, and it says which
figure differs."""

from decimal import Decimal

import pytest

from bench import statistics_page as bench_statistics
from centre.generate import SCALES

pytestmark = pytest.mark.django_db


def test_the_nation_check_expects_seed_004_as_the_press_release_gives_it():
    want = bench_statistics.expected("nation")
    assert (
        want["organisations"]
        == 1_287
        == want["education organisations"] + want["culture and sport organisations"]
    )
    assert (
        want["children"]
        == 2_364_966
        == sum(
            want[name]
            for name in (
                "children in education organisations",
                "children in clubs at schools",
                "children in culture and sport",
            )
        )
    )
    assert (want["clubs at schools"], want["teachers"], want["teachers of technical groups"]) == (
        62_067,
        18_828,
        479,
    )
    assert (want["technical share %"], want["coverage %"]) == (Decimal("3.6"), Decimal("77.6"))
    # the generator's nation scale is the same numbers
    f = SCALES["nation"].figures
    assert (f.organisations, f.school_clubs, f.learners, f.teachers) == (1_287, 62_067, 2_364_966, 18_828)


def test_a_figure_that_differs_fails_the_check_and_is_named(monkeypatch):
    want = bench_statistics.expected("nation")
    wrong = {**want, "children in clubs at schools": 62_067}  # the old mistake: clubs read as children
    monkeypatch.setattr(bench_statistics, "measured", lambda year, authority: wrong)
    monkeypatch.setattr(bench_statistics, "expected", lambda scale: want)
    result = bench_statistics.check(None, None)
    assert not result["ok"]
    assert [row["figure"] for row in result["rows"] if not row["ok"]] == ["children in clubs at schools"]
    monkeypatch.setattr(bench_statistics, "measured", lambda year, authority: dict(want))
    assert bench_statistics.check(None, None)["ok"]
    lines = bench_statistics.markdown(
        {"statistics": {"refresh_seconds": 1.0, "refresh_status": "done", "check": result}, "pages": {}}
    )
    assert any("**differs**" in line and "children in clubs at schools" in line for line in lines)
