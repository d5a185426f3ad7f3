"""The region automaton reads texts exactly as the alternation regex it replaced did.

The reference is that regex, rebuilt here from the same surface forms (longest first, so
`re.finditer` takes the longest form at each position and never overlaps): both must find
the same spans and the same regions on the seeds, on the shared corpus and on texts made of
region names glued to each other and to other syllables (the word-boundary traps).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.facts.regions import RegionTable, load_regions
from tests.corpus_support import CORPUS, requires_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def regex_spans(table: RegionTable, text: str) -> list[tuple[int, int]]:
    pattern = re.compile("|".join(re.escape(f) for f in sorted(table.forms, key=len, reverse=True)))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def assert_same_reading(text: str) -> None:
    table = load_regions()
    assert table.spans(text) == regex_spans(table, text)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seeds_read_alike(path: Path) -> None:
    assert_same_reading(path.read_text(encoding="utf-8"))


@requires_corpus
def test_corpus_texts_read_alike() -> None:
    paths = sorted((CORPUS / "articles").glob("*.txt")) + sorted((CORPUS / "pages").glob("*.txt"))
    assert paths
    for path in paths:
        assert_same_reading(path.read_text(encoding="utf-8"))


def test_nested_and_overlapping_forms_take_the_longest_leftmost() -> None:
    table = load_regions()
    # 광주 inside 광주광역시; 경기 광주시 overlapping 광주시; 전주곡 consumed though rejected.
    for text in ("광주광역시 북구", "경기 광주시와 광주시", "전주곡전주", "서울특별시서울시서울", "부산진구청"):
        assert table.spans(text) == regex_spans(table, text), text


FORMS = sorted(load_regions().forms)
PIECES = st.one_of(st.sampled_from(FORMS), st.sampled_from(["곡", "이", "는", "시", " ", ".", "A", "도", "군", "구"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_glued_names_read_alike(text: str) -> None:
    assert_same_reading(text)
