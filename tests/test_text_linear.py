"""Every text rule is linear: ten times the input costs about ten times the CPU time.

Hostile or merely huge input (a megabyte without a space, a page of a thousand
articles, a quotation never closed) must not stall ingest or `monitor analyze`.
Each case times `extract_articles` on 100 kB and on 1 MB of one kind of text and
checks the ratio of CPU times, not an absolute time: linear is 10, quadratic 100;
the bound leaves room for a noisy machine.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.kiwi import get_kiwi, space_texts

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SMALL, LARGE = 100_000, 1_000_000  # UTF-8 bytes
MAX_RATIO = 25  # CPU time of LARGE over SMALL


def _repeat(unit: str, size: int) -> str:
    """`unit` repeated to `size` UTF-8 bytes (cut at a character)."""
    text = unit * (size // len(unit.encode("utf-8")) + 1)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


KINDS: dict[str, Callable[[int], str]] = {
    # web addresses run together without a space: each `www.` could start one up to the end
    "addresses without spaces": lambda n: _repeat("www.example.kr", n),
    # a column-wrapped page with bylines, repeated: one page of hundreds of articles
    "wrapped page of many articles": lambda n: _repeat(_seed("000") + "\n", n),
    # a quotation that opens and never closes: every stop after it is inside it
    "unclosed quotation": lambda n: "“" + _repeat("광주시는 사업을 시작한다고 밝혔다. ", n),
}


def _cpu_seconds(text: str) -> float:
    doc = RawDocument("big.txt", "big.txt", text, hashlib.sha256(text.encode()).hexdigest())
    start = time.process_time()
    extract_articles(doc)
    return time.process_time() - start


@pytest.mark.parametrize("kind", list(KINDS))
def test_time_per_character_stays_bounded(kind: str) -> None:
    make = KINDS[kind]
    _cpu_seconds(make(SMALL // 10))  # loads Kiwi and warms the caches outside the timing
    small, large = _cpu_seconds(make(SMALL)), _cpu_seconds(make(LARGE))
    assert large <= MAX_RATIO * max(small, 0.01), f"{kind}: {small:.2f} s for 100 kB, {large:.2f} s for 1 MB"


def test_one_kiwi_call_over_many_paragraphs_spaces_each_as_alone() -> None:
    paragraphs = [p for p in _seed("004").split("\n") if len(p) > 20][:12]
    kiwi = get_kiwi()
    assert space_texts(paragraphs) == [kiwi.space(p, reset_whitespace=False) for p in paragraphs]
