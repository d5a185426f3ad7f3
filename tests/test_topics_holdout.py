"""Out-of-sample gate: the default topics on a held-out set the rules were never tuned on.

tests/data/topics/holdout.json holds news items (headline + lead) from many regions, written
and labelled by hand from the topic descriptions after the rules were fixed. Each goes
through the text pipeline as a raw document (headline, blank line, lead), the way the CLI
reads a file, and is classified by config/topics.toml. Precision, recall and F1 per topic
must stay above the floor pinned in holdout_floor.json. The set is never used to tune the
rules (see its `_comment`).

Run as a script to print the scores and every misclassified item with its evidence:

    .venv/bin/python tests/test_topics_holdout.py
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from monitor.models import Article, RawDocument, TopicMatch
from monitor.text import extract_articles
from monitor.topics import TopicSet, load_topics

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "topics"
ITEMS: list[dict] = json.loads((DATA / "holdout.json").read_text(encoding="utf-8"))["items"]
FLOOR: dict[str, dict[str, float]] = {
    k: v for k, v in json.loads((DATA / "holdout_floor.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}
MIN_ITEMS = 60
MIN_POSITIVES = 10  # per topic
MIN_NEGATIVES = 20  # items filed under no topic


@dataclass(frozen=True, slots=True)
class Score:
    """Confusion counts of one topic and the scores derived from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@functools.cache
def _article(item_id: str) -> Article:
    """The item as the CLI would read it: a raw text file through the text pipeline."""
    item = next(i for i in ITEMS if i["id"] == item_id)
    raw = f"{item['headline']}\n\n{item['text']}\n"
    doc = RawDocument(source=f"tests/data/topics/holdout.json#{item_id}", name=item_id, text=raw,
                      content_hash=item_id)
    articles = extract_articles(doc)
    assert len(articles) == 1, f"{item_id}: {len(articles)} articles"
    return articles[0]


def _classify(topics: TopicSet) -> dict[str, list[TopicMatch]]:
    return {item["id"]: topics.classify(_article(item["id"])) for item in ITEMS}


def _scores(matches: dict[str, list[TopicMatch]], topic_ids: list[str]) -> dict[str, Score]:
    counts = {t: [0, 0, 0] for t in topic_ids}
    for item in ITEMS:
        got = {m.topic_id for m in matches[item["id"]] if m.accepted}
        expected = set(item["expected"])
        for topic_id, c in counts.items():
            c[0] += topic_id in got and topic_id in expected
            c[1] += topic_id in got and topic_id not in expected
            c[2] += topic_id not in got and topic_id in expected
    return {t: Score(*c) for t, c in counts.items()}


def _misclassified(matches: dict[str, list[TopicMatch]]) -> list[str]:
    """One block per wrong item: the verdicts that differ, with score, keywords and why."""
    lines: list[str] = []
    for item in ITEMS:
        expected = set(item["expected"])
        wrong = [m for m in matches[item["id"]] if m.accepted != (m.topic_id in expected)]
        if not wrong:
            continue
        lines.append(f"{item['id']} ({item['region']}): {item['headline']}")
        for m in wrong:
            kind = "false positive" if m.accepted else "missed"
            why = []
            if m.vetoed_by:
                why.append(f"vetoed by {m.vetoed_by}")
            if m.missing:
                why.append("require unmet: " + "; ".join(m.missing))
            if m.score < m.min_score:
                why.append(f"score {m.score:g} < {m.min_score:g}")
            lines.append(f"  {kind} {m.topic_id}: score {m.score:g}, keywords {list(m.keywords)}"
                         + (f" ({', '.join(why)})" if why and not m.accepted else ""))
            lines.extend(f"      {e}" for e in m.evidence)
    return lines


def report(topics: TopicSet) -> tuple[dict[str, Score], list[str]]:
    """Scores per topic and the misclassified items, as printed by the script."""
    matches = _classify(topics)
    return _scores(matches, [t.id for t in topics.topics]), _misclassified(matches)


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics(ROOT / "monitor" / "config" / "topics.toml")


def test_holdout_set_is_well_formed(topics: TopicSet) -> None:
    ids = [i["id"] for i in ITEMS]
    assert len(ids) == len(set(ids)) >= MIN_ITEMS
    known = {t.id for t in topics.topics}
    assert set(FLOOR) == known
    for item in ITEMS:
        assert set(item["expected"]) <= known, item["id"]
        assert item["note"] and item["region"] and item["headline"] and item["text"], item["id"]
    for topic_id in known:
        assert sum(topic_id in i["expected"] for i in ITEMS) >= MIN_POSITIVES, topic_id
    assert sum(not i["expected"] for i in ITEMS) >= MIN_NEGATIVES
    assert any(len(i["expected"]) > 1 for i in ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i["id"])
def test_pipeline_keeps_headline_and_lead(item: dict) -> None:
    # the scores are about matching, so the text stage must hand over the item whole
    article = _article(item["id"])
    assert article.headline == item["headline"]
    assert len(article.text) >= len(item["text"]) // 2


def test_scores_per_topic_above_floor(topics: TopicSet) -> None:
    scores, wrong = report(topics)
    _print(scores, wrong)
    below = [
        f"{topic_id} {name} {value:.3f} < {FLOOR[topic_id][name]}"
        for topic_id, s in scores.items()
        for name, value in (("precision", s.precision), ("recall", s.recall), ("f1", s.f1))
        if value < FLOOR[topic_id][name]
    ]
    assert not below, "; ".join(below)


def _print(scores: dict[str, Score], wrong: list[str]) -> None:
    print(f"\n{'topic':15} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}   "
          f"({len(ITEMS)} held-out items)")
    for topic_id, s in scores.items():
        print(f"{topic_id:15} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4} {s.fp:4} {s.fn:4}")
    print(f"\nmisclassified ({sum(not line.startswith(' ') for line in wrong)}):" if wrong else "\nmisclassified: none")
    for line in wrong:
        print(line)


if __name__ == "__main__":
    _print(*report(load_topics(ROOT / "monitor" / "config" / "topics.toml")))
    sys.exit(0)
