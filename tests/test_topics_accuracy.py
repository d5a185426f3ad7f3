"""Accuracy gate: the default topics on the labelled set, scored per topic.

The set is the seeds' articles (cut by hand, tests/data/topics/seeds.json) and written
hard cases (cases.json); each record carries its expected topic ids and a note on why.
Precision, recall and F1 per topic are printed (`pytest -s`) and must stay above the
floor pinned in f1_floor.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.models import Article
from monitor.topics import TopicSet, load_topics

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "topics"


def _records() -> list[dict]:
    records: list[dict] = []
    for name in ("seeds.json", "cases.json"):
        records.extend(json.loads((DATA / name).read_text(encoding="utf-8")))
    return records


RECORDS = _records()
FLOOR: dict[str, float] = {k: v for k, v in json.loads((DATA / "f1_floor.json").read_text()).items()
                           if not k.startswith("_")}


def _article(record: dict) -> Article:
    return Article(
        source=record.get("source", "tests/data/topics/cases.json"), index=0,
        headline=record["headline"], text=record["text"], summary="",
        subheadlines=tuple(record.get("subheadlines", ())),
        spacing_restored="original_text" in record, original_text=record.get("original_text"),
    )


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(ROOT / "config" / "topics.toml")


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


@pytest.mark.parametrize("record", [r for r in RECORDS if "original_text" in r], ids=lambda r: r["id"])
def test_glued_original_alone_gives_the_same_topics(topics: TopicSet, record: dict) -> None:
    # PDF text whose spaces were lost must classify the same without Kiwi's restoration
    restored = {m.topic_id for m in topics.classify(_article(record)) if m.accepted}
    glued = _article(record | {"text": record["original_text"], "original_text": None})
    assert {m.topic_id for m in topics.classify(glued) if m.accepted} == restored
