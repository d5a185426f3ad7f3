"""Accuracy gate on real news: the default topics on the shared labelled corpus.

Reads ../shared/corpus (121 real Korean news excerpts labelled by hand; never copied into
this repository) and scores topics the way ../shared/corpus/score.py does: each article
file goes through `analyze_document` (text pipeline + topics, as `monitor analyze`), the
topics of all its pieces are pooled, and the labels ai_hub/smart_city/env_subsidy map to
ai_hubs/smart_cities/env_subsidies. Precision, recall and F1 per topic and the macro-F1
are printed (`pytest -s`) and must stay at or above the floor pinned in
tests/data/topics/corpus_floor.json. Skipped, with the reason, when the corpus is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.pipeline import analyze_document
from monitor.sources.folder import read_document
from monitor.topics import TopicSet, load_topics
from tests.corpus_support import CORPUS, corpus_labels

ROOT = Path(__file__).resolve().parent.parent
FLOOR_FILE = ROOT / "tests" / "data" / "topics" / "corpus_floor.json"
# the corpus labels and the project's topic ids (as in score.py's TOPIC_IDS)
TOPIC_IDS = {"ai_hub": "ai_hubs", "smart_city": "smart_cities", "env_subsidy": "env_subsidies"}


def _floor() -> dict:
    return {k: v for k, v in json.loads(FLOOR_FILE.read_text(encoding="utf-8")).items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def labels() -> dict:
    return corpus_labels()


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(ROOT / "monitor" / "config" / "topics.toml")


def _predicted(topics: TopicSet, file: Path) -> set[str]:
    doc = read_document(file, source=str(file))
    return {m.topic_id for _article, matches in analyze_document(doc, topics) for m in matches if m.accepted}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def test_floor_names_every_topic(topics: TopicSet) -> None:
    floor = _floor()
    assert set(floor["per_topic"]) == {t.id for t in topics.topics} == set(TOPIC_IDS.values())
    assert 0 < floor["macro_f1"] <= 1


def test_topics_on_the_shared_corpus_stay_above_the_floor(labels: dict, topics: TopicSet) -> None:
    floor = _floor()
    counts = {t: [0, 0, 0] for t in TOPIC_IDS.values()}
    wrong: list[str] = []
    for record in labels["articles"]:
        gold = {TOPIC_IDS[t] for t in record["topics"] if t in TOPIC_IDS}
        got = _predicted(topics, CORPUS / record["file"])
        for topic_id, c in counts.items():
            c[0] += topic_id in got and topic_id in gold
            c[1] += topic_id in got and topic_id not in gold
            c[2] += topic_id not in got and topic_id in gold
        if got != gold:
            name = Path(record["file"]).name
            wrong.append(f"{name}: labelled {sorted(gold) or ['other']}, got {sorted(got) or ['other']}")
    scores = {t: _prf(*c) for t, c in counts.items()}
    macro = sum(f for _, _, f in scores.values()) / len(scores)
    print(f"\n{'topic':15} {'P':>6} {'R':>6} {'F1':>6}   ({len(labels['articles'])} corpus articles)")
    for topic_id, (p, r, f) in scores.items():
        print(f"{topic_id:15} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"macro-F1 {macro:.3f}")
    for line in wrong:
        print("  wrong:", line)
    below = [f"macro-F1 {macro:.3f} < {floor['macro_f1']}"] if macro < floor["macro_f1"] else []
    for topic_id, (p, r, f) in scores.items():
        for name, value in (("p", p), ("r", r), ("f1", f)):
            if value < floor["per_topic"][topic_id][name]:
                below.append(f"{topic_id} {name} {value:.3f} < {floor['per_topic'][topic_id][name]}")
    assert not below, "; ".join(below)
