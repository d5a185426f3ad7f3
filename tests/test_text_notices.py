"""The per-document test that lets the notice patterns skip documents without a notice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.text.chrome import COPYRIGHT_RE
from monitor.text.notices import may_hold_notice
from monitor.text.outlets import NOTICE_MARK_RE

# The patterns asked first of every line; the footer patterns run only on lines these matched.
PATTERNS = (COPYRIGHT_RE, NOTICE_MARK_RE)


@pytest.mark.parametrize(
    "line",
    [
        "<저작권자 ⓒ 광주일보 무단전재 및 재배포 금지>",
        "Ⓒ 뉴스1",  # the capital circled C: IGNORECASE matches it, `str.lower` makes it `ⓒ`
        "© 광주시",
        "COPYRIGHT 2024 MBC",
        "CopyRight by 연합뉴스",
        "copyrıght 2024",  # the dotless ı: IGNORECASE matches it to `i`, `str.lower` keeps it
        "(C) 2024 광주일보",
        "무단 전재 금지",
        "재배포금지",
    ],
)
def test_every_notice_holds_a_mark(line: str) -> None:
    assert any(pattern.search(line) for pattern in PATTERNS)
    assert may_hold_notice(line)


def test_plain_text_holds_none() -> None:
    assert not may_hold_notice("광주시는 8일 인공지능 사업을 시작한다고 밝혔다.\n시는 (사진) 제공")


# Text of the characters the patterns are made of, in both cases, and the look-alikes case
# folding joins to them (`ı`, `İ`, `K`, `ſ`), with Hangul and spaces around them.
NOTICE_ALPHABET = "ⓒⒸ©()cCoOpPyYrRiIıİgGhHtTaAlLsSeEdDkKſ 0123저작권자무단전재복제배포금지광주"


@given(st.text(alphabet=NOTICE_ALPHABET, max_size=40))
def test_no_mark_no_match(text: str) -> None:
    """A text `may_hold_notice` rules out is one no notice pattern matches."""
    if not may_hold_notice(text):
        assert not any(pattern.search(text) for pattern in PATTERNS)
