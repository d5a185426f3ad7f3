"""Accuracy gate: the default topics on the labelled set, scored per topic.

The set is the seeds' articles (cut by hand, tests/data/topics/seeds.json), written
hard cases (cases.json) and short articles whose spaces were lost (glued.json: traps such
as `스마트도시락` and true positives, given as raw documents and run through the text
pipeline, Kiwi's spacing restoration included, as the CLI does); each record carries its
expected topic ids and a note on why. Precision, recall and F1 per topic are printed
(`pytest -s`) and must stay above the floor pinned in f1_floor.json.
"""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from monitor.models import Article, RawDocument
from monitor.text import extract_articles
from monitor.topics import TopicSet, load_topics

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "topics"


def _records() -> list[dict]:
    records: list[dict] = []
    for name in ("seeds.json", "cases.json", "glued.json"):
        records.extend(json.loads((DATA / name).read_text(encoding="utf-8")))
    return records


RECORDS = _records()
FLOOR: dict[str, float] = {k: v for k, v in json.loads((DATA / "f1_floor.json").read_text()).items()
                           if not k.startswith("_")}


@functools.cache
def _extracted(record_id: str, raw: str) -> Article:
    source = f"tests/data/topics/glued.json#{record_id}"
    articles = extract_articles(RawDocument(source=source, name=record_id, text=raw, content_hash=record_id))
    assert len(articles) == 1, f"{record_id}: {len(articles)} articles"
    return articles[0]


def _article(record: dict) -> Article:
    if "raw" in record:
        return _extracted(record["id"], record["raw"])
    return Article(
        source=record.get("source", "tests/data/topics/cases.json"), index=0,
        headline=record["headline"], text=record["text"], summary="",
        subheadlines=tuple(record.get("subheadlines", ())),
        spacing_restored="original_text" in record, original_text=record.get("original_text"),
    )


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(ROOT / "monitor" / "config" / "topics.toml")


def test_labelled_set_is_well_formed(topics: TopicSet) -> None:
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids)) >= 40
    known = {t.id for t in topics.topics}
    assert set(FLOOR) == known
    for record in RECORDS:
        assert set(record["expected"]) <= known, record["id"]
        assert record["note"], record["id"]
    for topic_id in known:  # every topic has positives and hard negatives
        assert sum(topic_id in r["expected"] for r in RECORDS) >= 5


def test_f1_per_topic_above_floor(topics: TopicSet) -> None:
    stats = {t: {"tp": 0, "fp": 0, "fn": 0} for t in FLOOR}
    wrong: list[str] = []
    for record in RECORDS:
        got = {m.topic_id for m in topics.classify(_article(record)) if m.accepted}
        expected = set(record["expected"])
        for topic_id, s in stats.items():
            s["tp"] += topic_id in got and topic_id in expected
            s["fp"] += topic_id in got and topic_id not in expected
            s["fn"] += topic_id not in got and topic_id in expected
        if got != expected:
            wrong.append(f"{record['id']}: got {sorted(got)}, expected {sorted(expected)}")
    print(f"\n{'topic':15} {'P':>6} {'R':>6} {'F1':>6} {'floor':>6}   ({len(RECORDS)} articles)")
    below = []
    for topic_id, s in stats.items():
        p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{topic_id:15} {p:6.3f} {r:6.3f} {f1:6.3f} {FLOOR[topic_id]:6.2f}")
        if f1 < FLOOR[topic_id]:
            below.append(f"{topic_id} F1 {f1:.3f} < {FLOOR[topic_id]}")
    for line in wrong:
        print("  wrong:", line)
    assert not below, "; ".join(below)


@pytest.mark.parametrize("record", [r for r in RECORDS if "raw" in r], ids=lambda r: r["id"])
def test_glued_cases_go_through_spacing_restoration(record: dict) -> None:
    # the point of glued.json: the restored text and the glued original, as the CLI has them
    article = _article(record)
    assert article.spacing_restored and article.original_text
    assert " " not in article.original_text.strip() and " " in article.text


GLUED = [r for r in RECORDS if "raw" in r or "original_text" in r]


@pytest.mark.parametrize("record", GLUED, ids=lambda r: r["id"])
def test_glued_original_confirms_but_never_decides(topics: TopicSet, record: dict) -> None:
    # the glued original is matched with the restored text's word ends: it may add evidence
    # where Kiwi split a keyword, but no verdict here rests on it alone
    article = _article(record)
    both = {m.topic_id for m in topics.classify(article) if m.accepted}
    restored_only = replace(article, original_text=None, spacing_restored=False)
    assert {m.topic_id for m in topics.classify(restored_only) if m.accepted} == both
