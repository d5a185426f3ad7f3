"""The shared labelled corpus (../shared/corpus, never copied here) as the accuracy gates read it.

One place for where it lives, how a gate skips without it, and the comparisons score.py makes,
so every gate scores the way `python ../shared/corpus/score.py` does.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
ABSENT = f"the shared corpus is not at {CORPUS} (it lives next to the repository, never in it)"
# score.py's headline test: equal without spaces, or one inside the other at this share of its length
HEADLINE_OVERLAP = 0.8
_SPACE_RE = re.compile(r"[\s\ufffd]+")

requires_corpus = pytest.mark.skipif(not (CORPUS / "labels.json").is_file(), reason=ABSENT)


@cache
def _read_labels() -> dict[str, Any]:
    return json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))


def corpus_labels() -> dict[str, Any]:
    """labels.json, read once; the calling test is skipped when the corpus is absent."""
    if not (CORPUS / "labels.json").is_file():
        pytest.skip(ABSENT)
    return _read_labels()


def squash(text: str | None) -> str:
    """The text without whitespace or U+FFFD, as score.py compares texts."""
    return _SPACE_RE.sub("", text or "")


def same_headline(gold: str | None, got: str | None) -> bool:
    g, p = squash(gold), squash(got)
    if not g or not p:
        return g == p
    return g == p or ((g in p or p in g) and min(len(g), len(p)) >= HEADLINE_OVERLAP * max(len(g), len(p)))
