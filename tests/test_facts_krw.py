"""Won amounts in readable Korean units: one style for the report, the email and its text part."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.facts import Amount, parse_amount
from monitor.facts.krw import format_amount, format_krw, krw_groups


@pytest.mark.parametrize(("krw", "written"), [
    (0, "0원"), (1, "1원"), (9_999, "9,999원"),
    # the 만 boundary
    (10_000, "1만 원"), (10_001, "1만 1원"), (12_345, "1만 2,345원"), (99_990_000, "9,999만 원"),
    # the 억 boundary, 0 remainders left out, 5천만 written with digits
    (100_000_000, "1억 원"), (100_010_000, "1억 1만 원"), (50_000_000, "5,000만 원"),
    (9_750_000_000, "97억 5,000만 원"), (6_200_000_000, "62억 원"), (150_000_000_000, "1,500억 원"),
    # the 조 boundary
    (999_900_000_000, "9,999억 원"), (10**12, "1조 원"), (4_011_900_000_000, "4조 119억 원"),
    (10**12 + 10**4, "1조 1만 원"), (100 * 10**12, "100조 원"), (12_345 * 10**12, "12,345조 원"),
])
def test_format_krw(krw: int, written: str) -> None:
    assert format_krw(krw) == written


@given(st.integers(min_value=0, max_value=10**17))
def test_the_written_figure_reads_back_as_the_same_won(krw: int) -> None:
    assert parse_amount(krw_groups(krw)) == krw


@pytest.mark.parametrize(("amount", "written"), [
    (Amount("", 50_000_000, None, max=True, per_unit="1대당"), "1대당 최대 5,000만 원"),
    (Amount("", 500_000_000, None, per_unit="각"), "각 5억 원"),
    (Amount("", 33_500_000, None, per_unit="씩"), "3,350만 원씩"),
    (Amount("", 1_000_000_000, None, upto=2_000_000_000), "10억~20억 원"),
    (Amount("", 6_200_000_000, None, approx="약"), "약 62억 원"),
    (Amount("", 10_000_000_000, None, approx="여"), "100억여 원"),
    (Amount("", 10**12, "total", approx="규모"), "1조 원 규모"),
    (Amount("", 50_000_000_000, None, approx="이상"), "500억 원 이상"),
    (Amount("", 200_000, None, max=True), "최대 20만 원"),
])
def test_format_amount_keeps_what_the_article_said(amount: Amount, written: str) -> None:
    assert format_amount(amount) == written
