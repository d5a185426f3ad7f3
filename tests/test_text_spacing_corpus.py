"""Spacing restoration measured on real spaced text: the shared corpus' own sentences (skipped without it).

Every prose sentence of `../shared/corpus/articles` is stripped of its spaces, the
sentences of one article together as a glued page would be, and restored with
`restore_spacing`; the restored space positions are compared with the ones the
outlet printed. Precision, recall and F1 are printed next to Kiwi `space()` alone,
and the F1 must not fall under the floor pinned in
`tests/data/text/spacing_corpus_floor.json`. The outlets' own spacing is the
gold, slips included: a figure to compare, not a perfect score to reach.

    .venv/bin/python tests/test_text_spacing_corpus.py   # the figures, and the most frequent misses
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from monitor.text.kiwi import get_kiwi
from monitor.text.normalize import hangul_count, normalize, space_ratio
from monitor.text.paragraphs import ends_sentence
from monitor.text.sentences import split_sentences
from monitor.text.spacing import restore_spacing, space_positions
from tests.corpus_support import CORPUS, requires_corpus

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = CORPUS / "articles"
FLOOR = ROOT / "tests" / "data" / "text" / "spacing_corpus_floor.json"
MIN_LINE = 40  # characters: shorter lines are headlines, captions and chrome
MIN_SYLLABLES = 15
SPACED = 0.2  # spaces per syllable of a normally spaced sentence

pytestmark = requires_corpus


@cache
def corpus_sentences() -> tuple[tuple[str, ...], ...]:
    """The prose sentences of each corpus article, as the outlet spaced them."""
    articles = []
    for path in sorted(ARTICLES.glob("*.txt")):
        lines = normalize(path.read_text(encoding="utf-8")).split("\n")
        sentences = [
            sentence
            for line in lines
            if len(line) >= MIN_LINE and ends_sentence(line)
            for sentence in split_sentences(line)
            if hangul_count(sentence) >= MIN_SYLLABLES and space_ratio(sentence) >= SPACED
        ]
        if sentences:
            articles.append(tuple(sentences))
    return tuple(articles)


def score(restore) -> tuple[float, float, float, Counter]:  # type: ignore[no-untyped-def]
    """(precision, recall, F1, misses) of space positions when `restore` spaces each article's glued sentences."""
    right = wrong = missed = 0
    misses: Counter = Counter()
    for sentences in corpus_sentences():
        golds = [space_positions(s) for s in sentences]
        restored = restore([flat for flat, _ in golds])
        for (flat, gold), output in zip(golds, restored, strict=True):
            got_flat, got = space_positions(output)
            assert got_flat == flat  # restoration changes spaces only
            right += len(gold & got)
            wrong += len(got - gold)
            missed += len(gold - got)
            for position in got - gold:
                misses[f"+ {flat[max(0, position - 4) : position]} {flat[position : position + 4]}"] += 1
            for position in gold - got:
                misses[f"_ {flat[max(0, position - 4) : position]}{flat[position : position + 4]}"] += 1
    precision = right / (right + wrong) if right + wrong else 0.0
    recall = right / (right + missed) if right + missed else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, misses


def kiwi_alone(paragraphs: list[str]) -> list[str]:
    return get_kiwi().space(paragraphs, reset_whitespace=False)


def report() -> float:
    count = sum(map(len, corpus_sentences()))
    p, r, f1, misses = score(restore_spacing)
    kp, kr, kf1, _ = score(kiwi_alone)
    print(f"\nspacing on {count} corpus sentences: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    print(f"Kiwi space() alone:                 P {kp:.3f} R {kr:.3f} F1 {kf1:.3f}")
    return f1, misses


def test_spacing_on_corpus_sentences() -> None:
    f1, _ = report()
    assert f1 >= json.loads(FLOOR.read_text(encoding="utf-8"))["f1"]


if __name__ == "__main__":
    _, found = report()
    for miss, n in found.most_common(int(sys.argv[1]) if len(sys.argv) > 1 else 40):
        print(f"{n:4d} {miss}")
