"""fold() against the plain character-by-character definition it speeds up.

fold() classifies each distinct character once and works on runs with C-level string
operations; whatever path a text takes (case fold, translation, characters with a longer
fold such as `㎡`), the result must be what folding one character at a time gives.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from monitor.topics.fold import GLOSS_RE, JOINERS, fold


def reference(text: str) -> tuple[str, list[int], set[int]]:
    """Folded chars, the original offset of each, and the folded indexes preceded by a gap."""
    glossed = {i for m in GLOSS_RE.finditer(text) for i in range(*m.span())}
    chars: list[str] = []
    offsets: list[int] = []
    gaps: set[int] = set()
    pending = True
    for i, ch in enumerate(text):
        if ch.isspace() or ch in JOINERS or i in glossed:
            pending = True
            continue
        for fc in unicodedata.normalize("NFKC", ch).casefold():
            if fc.isspace() or fc in JOINERS:
                pending = True
                continue
            if pending:
                gaps.add(len(chars))
            chars.append(fc)
            offsets.append(i)
            pending = False
    gaps.add(len(chars))
    return "".join(chars), offsets, gaps


# Every kind of gap is here (ASCII whitespace, a joiner, Unicode spaces and joiners): the usual
# text is cut at its gaps by making each a space first, and a kind left out would go unseen.
ALPHABET = [*"AI데이터센터스마트시티보조금 \n\t·-/_", "㎡", "㈜", "Ａ", "ＡＩ", "\u3000", "\u00a0", "ß", "ﬁ",
            "(AI)", "(ITS)", "\ufffd", "3.5", "Ω", "\r", "\x0b", "\x1c", "\u2028", "\u200b", "\ufeff", "\u2013"]
CASES = ["", " ", "AI", "  AI 데이터센터  ", "인공지능(AI) 데이터센터", "10㎡ 부지에 ㈜한빛이", "ＡＩ　데이터센터",
         "Straße 지원", "ﬁle·AI/인공지능", "전기\u00a0차", "\n\n스마트시티\n", "㎡", "㎡㎡ 가"]


def _check(text: str) -> None:
    folded = fold(text)
    chars, offsets, gaps = reference(text)
    assert folded.chars == chars
    assert [folded.offset(i) for i in range(len(chars))] == offsets
    assert {i for i in range(len(chars) + 1) if folded.gap_before(i)} == gaps
    for start in range(len(chars)):
        for end in range(start + 1, min(len(chars), start + 8) + 1):
            assert folded.has_gap_inside(start, end) == tuple(p - start for p in range(start + 1, end) if p in gaps)


@pytest.mark.parametrize("text", CASES)
def test_written_cases_fold_like_the_definition(text: str) -> None:
    _check(text)


def test_random_texts_fold_like_the_definition() -> None:
    rng = random.Random(11)
    for _ in range(400):
        _check("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))))
