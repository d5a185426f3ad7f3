"""Accuracy gate of spacing restoration on the glued seeds, against a hand-checked gold.

`tests/data/text/spacing_gold.json` holds sentences of seeds 001 and 004 with their
correct spacing. Each is found in the extracted articles (headline + text) by its
non-space characters; a space position is "a space before the n-th non-space
character". Precision, recall and F1 of those positions over all cases are the
score, printed, and the test fails under the F1 floor pinned in the same file.

Run it as a script to see every wrong or missing space:

    .venv/bin/python tests/test_text_spacing_gold.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.spacing import space_positions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "text" / "spacing_gold.json"


@dataclass(frozen=True, slots=True)
class Spaced:
    """Text without whitespace, and the indexes of the characters a space precedes."""

    flat: str
    spaces: frozenset[int]


def spaced(text: str) -> Spaced:
    """Split a text into its non-space characters and its space positions."""
    flat, spaces = space_positions(text.strip())
    return Spaced(flat, frozenset(spaces))


@cache
def restored_fields(seed: str) -> tuple[Spaced, ...]:
    """Headline and text of every article of a seed, as extracted."""
    text = (SEEDS / seed).read_text(encoding="utf-8")
    doc = RawDocument(str(SEEDS / seed), seed, text, hashlib.sha256(text.encode()).hexdigest())
    return tuple(spaced(field) for a in extract_articles(doc) for field in (a.headline or "", a.text))


@dataclass(frozen=True, slots=True)
class CaseScore:
    gold: Spaced
    found: frozenset[int] | None  # space positions of our output on the gold's span; None: span not found

    @property
    def wrong(self) -> frozenset[int]:
        return self.found - self.gold.spaces if self.found is not None else frozenset()

    @property
    def missed(self) -> frozenset[int]:
        return self.gold.spaces - self.found if self.found is not None else self.gold.spaces


def score_case(case: dict) -> CaseScore:
    gold = spaced(case["text"])
    for field in restored_fields(case["seed"]):
        start = field.flat.find(gold.flat)
        if start >= 0:
            found = {i - start for i in field.spaces if start < i < start + len(gold.flat)}
            return CaseScore(gold, frozenset(found))
    return CaseScore(gold, None)


def load_gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def precision_recall_f1(scores: list[CaseScore]) -> tuple[float, float, float]:
    gold = sum(len(s.gold.spaces) for s in scores)
    wrong = sum(len(s.wrong) for s in scores)
    missed = sum(len(s.missed) for s in scores)
    right = gold - missed
    precision = right / (right + wrong) if right + wrong else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def marked(score: CaseScore) -> str:
    """The gold sentence with `+` where we put a wrong space and `_` where we missed one."""
    out = []
    for i, char in enumerate(score.gold.flat):
        if i in score.wrong:
            out.append("+")
        elif i in score.missed:
            out.append("_")
        elif i in score.gold.spaces:
            out.append(" ")
        out.append(char)
    return "".join(out)


def report() -> tuple[float, float, float]:
    scores = [score_case(case) for case in load_gold()["cases"]]
    for score in scores:
        if score.found is None:
            print(f"  NOT FOUND {score.gold.flat}")
        elif score.wrong or score.missed:
            print(f"  {marked(score)}")
    precision, recall, f1 = precision_recall_f1(scores)
    print(f"spacing gold: {len(scores)} cases, P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    return precision, recall, f1


def test_every_gold_case_is_found() -> None:
    missing = [c["text"] for c in load_gold()["cases"] if score_case(c).found is None]
    assert missing == []  # the gold no longer matches the extracted text: fix the gold


def test_spacing_gold_gate() -> None:
    _, _, f1 = report()
    assert f1 >= load_gold()["floor"]["f1"]


if __name__ == "__main__":
    report()
    sys.exit(0)
