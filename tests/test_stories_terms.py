"""Folding's term vectors: bigram codes, document frequencies and weights in arrays give what the
per-term formulas give, float for float and in the same order (the sums depend on it)."""

from __future__ import annotations

import heapq
import math
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.stories import event
from monitor.stories.event import (
    BIGRAM,
    OPENING_CHARS,
    OPENING_WEIGHT,
    bigram_code,
    bigram_counts,
    bigram_text,
    event_profile,
    normalize,
)
from monitor.stories.similarity import EventRules, TermStats, cosine, entity_terms, weighted, weighted_all

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
# Letters of the bigram pattern and their neighbours in code point order, spaces, marks, a
# character beyond the BMP and a lone surrogate (a broken page can hold one).
LETTERS = "09az가힣각01ab/:@`{\u0660ힰ\ud800😀 \n.,·"


def pattern_counts(full: str) -> Counter[str]:
    """The bigrams as the pattern finds them: the whole text, then the opening OPENING_WEIGHT more times."""
    return Counter(BIGRAM.findall(full) + BIGRAM.findall(full, 0, OPENING_CHARS) * OPENING_WEIGHT)


def assert_counts_match(full: str) -> None:
    codes, counts = bigram_counts(full)
    expected = pattern_counts(full)
    assert [bigram_text(c) for c in codes.tolist()] == list(expected)  # the order of first appearance
    assert counts.tolist() == list(expected.values())


@pytest.mark.parametrize("text", ["", "가", "가나", "가 나", "순천시는 순천시가 80억원", "x" * 299 + "가나다",
                                  "가" * 298 + "나다" + "라" * 10, "ＡＢ１２ 가나"])
def test_bigram_codes_are_the_pattern_bigrams(text: str) -> None:
    assert_counts_match(normalize(text))


@given(st.text(alphabet=LETTERS, max_size=700))
@settings(max_examples=300, deadline=None)
def test_bigram_codes_are_the_pattern_bigrams_in_any_text(text: str) -> None:
    assert_counts_match(text)


def test_a_code_is_its_bigram() -> None:
    assert bigram_text(bigram_code("순천")) == "순천"
    assert bigram_code("0a") < bigram_code("a0") < bigram_code("가0")  # codes order as the text does


def reference_weights(profile, stats: TermStats, rules: EventRules) -> list[tuple[str, float]]:
    """The per-term formula over string terms, with a dict's order and a sort on (weight, term)."""
    tf = [0.0, *(1.0 + math.log(c) for c in range(1, 256))]
    top = stats._logs[stats.n] + 1.0  # idf = top - ln(1 + df), as weighted() has always summed it
    vector = {}
    for code, count in zip(profile.bigrams.tolist(), profile.bigram_counts.tolist(), strict=True):
        idf = top - stats._logs[int(stats.bigram_df(np.array([code]))[0])]
        vector[bigram_text(code)] = (tf[count] if count < len(tf) else 1.0 + math.log(count)) * idf
    for term in entity_terms(profile):
        vector[term] = rules.entity_weight * (top - stats._logs[stats.entity_df.get(term, 0)])
    if len(vector) > rules.max_terms:
        vector = dict(sorted(vector.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)[: rules.max_terms])
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return [(t, w / norm) for t, w in vector.items()]


def learned_stats(profiles) -> TermStats:
    stats = TermStats()
    for profile in profiles:
        stats.add(profile.bigrams, entity_terms(profile))
    return stats


@pytest.mark.parametrize("max_terms", [400, 60, 5])  # the seeds are cut at 400; 60 and 5 cut among ties
def test_weights_are_the_floats_of_the_per_term_formula(max_terms: int) -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    texts += ["광주시는 국비 62억원을 확보했다고 8일 밝혔다.", "가나 " * 400 + "다라"]  # short; one count past 255
    profiles = [event_profile(text) for text in texts]
    stats, rules = learned_stats(profiles[:3]), EventRules(max_terms=max_terms)  # some terms never learned
    for profile in profiles:
        vector = weighted(profile, stats, rules)
        expected = reference_weights(profile, stats, rules)
        assert vector.items() == expected
        # keys: heaviest first, the smaller term on ties, as a heap over (-weight, term) picks them
        ranked = heapq.nsmallest(24, expected, key=lambda tw: (-tw[1], tw[0]))
        assert vector.heaviest(24) == tuple(t for t, _ in ranked)


def test_document_frequencies_follow_learning_and_trimming() -> None:
    rng = random.Random(5)
    vocabulary = [bigram_code(a + b) for a in "가나다라" for b in "마바사아"]
    stats, window, learned = TermStats(window=5), 5, []
    for step in range(60):
        codes = np.array(sorted(set(rng.sample(vocabulary, rng.randint(0, 8)))), dtype=np.int64)
        entities = {f"#{rng.randint(1, 4)}대"}
        stats.add(codes, entities)
        learned.append((codes.tolist(), entities))
        if step % 7 == 6:
            stats.trim()
            learned = learned[-window:]
        if step % 3 == 0:  # read now and then, so that learning and forgetting queue in between
            counted = Counter(c for codes, _ in learned for c in codes)
            assert stats.bigram_df(np.array(vocabulary)).tolist() == [counted[c] for c in vocabulary]
            assert stats.n == len(learned)
            assert stats.entity_df == Counter(e for _, found in learned for e in found)
    stats.bigram_df(np.array(vocabulary))
    assert set(stats._codes.tolist()) == {c for codes, _ in learned for c in codes}  # none forgotten lingers


def test_cosines_are_the_floats_of_the_sum_over_shared_terms() -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    texts += ["광주시는 국비 62억원을 확보했다고 8일 밝혔다.", "무관"]  # a short one; one that shares nothing
    profiles = [event_profile(text) for text in texts]
    stats, rules = learned_stats(profiles), EventRules(max_terms=120)
    vectors = weighted_all(profiles, stats, rules)
    assert [v.items() for v in vectors] == [weighted(p, stats, rules).items() for p in profiles]
    for a in vectors:
        for b in vectors:
            x, y = dict(a.items()), dict(b.items())
            if len(x) > len(y):
                x, y = y, x
            assert repr(cosine(a, b)) == repr(sum(w * y[t] for t, w in x.items() if t in y))


# The patterns as first written, each "not after a digit" said before the number: the rules the
# faster forms of event.py must match exactly.
RULES_AS_WRITTEN = {
    "FIGURE": r"(?<![0-9.,천])(\d[\d,]*(?:\.\d+)?(?:천\s*\d*)?)\s*(?:여\s*)?"
              r"(억\s*원|억|조\s*원|조|천만\s*원|백만\s*원|만\s*원|원"
              r"|대|곳|명|개소|개사|개|건|가구|세대|호|동|톤|㎿|MW|kW|㎾|ha|%|배|년)",
    "ANNOUNCE_DAY": r"(?<![0-9])(?<!오는 )([1-9]|[12][0-9]|3[01])일(?!\s*(?:까지|부터|간|동안|이내|만에|째))"
                    r"[^.?!\n]{0,80}?(?:밝혔|밝히|발표했|발표한|전했|알렸|공고했|공개했|설명했|에\s*따르면|에\s*의하면)",
    "YEAR": r"(?<![0-9])(20[0-4][0-9])\s*년",
}
# Pieces whose joins make the cases that matter: a digit (or 오는, a comma, 천) right before a day,
# a year or a figure, or not; a non-ASCII digit (٣); a sentence end between a day and 밝혔다.
PIECES = ["1", "3", "0", "20", "2024년", "23일", "일", "억원", "대", ",", ".", "천", "오는 ", " ", "\n", "밝혔다",
          "까지", "٣", "가"]


def assert_patterns_match(text: str) -> None:
    for name, written in RULES_AS_WRITTEN.items():
        found = [(m.span(), m.groups()) for m in getattr(event, name).finditer(text)]
        assert found == [(m.span(), m.groups()) for m in re.finditer(written, text)], name


@pytest.mark.parametrize("text", ["오는 23일 밝혔다", "지난 23일 밝혔다", "123일 밝혔다", "٣23일 밝혔다", "12024년",
                                  "2024년", "a2024년", "3천500대", "1,500대", ".5대", "천5대", "٣5대", "5대"])
def test_event_patterns_match_as_first_written(text: str) -> None:
    assert_patterns_match(text)


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
@settings(max_examples=500, deadline=None)
def test_event_patterns_match_as_first_written_in_any_text(text: str) -> None:
    assert_patterns_match(text)
