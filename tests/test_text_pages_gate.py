"""Accuracy gate of page splitting on the shared corpus' composed pages (skipped without the corpus).

`../shared/corpus/pages/*.txt` are 4-5 real articles each, laid out clean or
PDF-like (wrapped at spaces, inside words with U+FFFD, or glued); `labels.json`
says which articles, with their headline and the first characters of their lead.
A labelled article is recovered when its lead is in exactly one extracted article
(as `score.py` counts it), and its headline is right when it matches as
`score.py` matches headlines. The single corpus articles must stay one article
each. Each share is printed and must not fall under its floor in
`tests/data/text/pages_floor.json`.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from monitor.models import Article, RawDocument
from monitor.text import extract_articles
from tests.corpus_support import CORPUS, corpus_labels, requires_corpus, same_headline, squash

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "data" / "text" / "pages_floor.json"

pytestmark = requires_corpus


@cache
def extract(relative: str) -> tuple[Article, ...]:
    path = CORPUS / relative
    text = path.read_text(encoding="utf-8")
    return tuple(extract_articles(RawDocument(str(path), path.name, text, hashlib.sha256(text.encode()).hexdigest())))


def labels() -> dict:
    return corpus_labels()


def page_scores() -> tuple[dict[str, float], list[str]]:
    recovered = headline = counted = total = 0
    misses = []
    pages = labels()["pages"]
    for page in pages:
        articles = extract(page["file"])
        counted += len(articles) == len(page["segments"])
        if len(articles) != len(page["segments"]):
            misses.append(f"{page['file']}: {len(articles)} articles, labelled {len(page['segments'])}")
        for segment in page["segments"]:
            total += 1
            marker = squash(segment["body_start"])[:20]
            hits = [a for a in articles if marker in squash(a.text)]
            if len(hits) != 1:
                misses.append(f"{page['file']} {segment['article']}: lead in {len(hits)} articles")
                continue
            recovered += 1
            if same_headline(segment["headline"], hits[0].headline):
                headline += 1
            else:
                misses.append(f"{page['file']} {segment['article']}: headline {hits[0].headline!r}")
    scores = {"recovered": recovered / total, "headline": headline / total, "page_count": counted / len(pages)}
    return scores, misses


def test_page_gate() -> None:
    scores, misses = page_scores()
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    print("\npages: " + ", ".join(f"{name} {value:.3f} (floor {floors[name]})" for name, value in scores.items()))
    for miss in misses:
        print(f"  {miss}")
    assert all(scores[name] >= floors[name] for name in scores)


def test_single_articles_stay_whole() -> None:
    """A web article is never cut into several, whatever its blank lines and bylines."""
    files = [f"articles/{a['file'].split('/')[-1]}" for a in labels()["articles"]]
    split = [(f, len(extract(f))) for f in files if len(extract(f)) != 1]
    share = 1 - len(split) / len(files)
    floor = json.loads(FLOORS.read_text(encoding="utf-8"))["single_articles_whole"]
    print(f"\nsingle articles extracted as one: {len(files) - len(split)}/{len(files)} (floor {floor})")
    for name, count in split:
        print(f"  {name}: {count} articles")
    assert share >= floor
