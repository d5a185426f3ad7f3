"""Accuracy gate: story folding on the shared labelled corpus (`../shared/corpus`).

The articles are analysed as `monitor analyze` does (one invocation over all of them, in file
order, as score.py runs it), then scored the way score.py scores them: pairwise precision,
recall and F1 over the labelled story groups (an article's first piece speaks for it), and the
labelled near-miss pairs (same project, different events) that were folded. The figures are
printed (`pytest -s`); F1 and precision must stay at or above, and near-miss folds at or below,
the floor pinned in tests/data/stories/corpus_floor.json. The corpus is not part of the
repository (third-party news): without it the test is skipped.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

from monitor.analyze import analyze_paths
from monitor.topics import load_topics
from tests.conftest import CONFIG
from tests.corpus_support import CORPUS, corpus_labels

ROOT = Path(__file__).resolve().parent.parent
FLOOR = json.loads((ROOT / "tests" / "data" / "stories" / "corpus_floor.json").read_text(encoding="utf-8"))


def pairwise(gold: dict[str, str | None], predicted: dict[str, int | None]) -> tuple[float, float, float]:
    """(precision, recall, F1) over all pairs of articles: same labelled story vs same predicted story."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] is not None and gold[a] == gold[b]
        same_predicted = predicted[a] is not None and predicted[a] == predicted[b]
        tp += same_gold and same_predicted
        fp += same_predicted and not same_gold
        fn += same_gold and not same_predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def test_story_folding_on_the_shared_corpus_stays_above_the_floor() -> None:
    labels = corpus_labels()
    files = sorted((CORPUS / "articles").glob("*.txt"))
    out = io.StringIO()
    assert analyze_paths([str(f) for f in files], load_topics(CONFIG / "topics.toml"), out) == 0
    first_piece: dict[str, int | None] = {}
    for line in out.getvalue().splitlines():
        record = json.loads(line)
        first_piece.setdefault(Path(record["source"]).name, record["story"])
    gold = {Path(a["file"]).name: a.get("story") for a in labels["articles"]}
    predicted = {name: first_piece.get(name) for name in gold}
    precision, recall, f1 = pairwise(gold, predicted)
    near = [(f"{p['a']}.txt", f"{p['b']}.txt") for p in labels.get("near_miss", [])]
    folded = [pair for pair in near if predicted[pair[0]] is not None and predicted[pair[0]] == predicted[pair[1]]]
    print(f"\nstories on the shared corpus: pairwise F1 {f1:.3f} (P {precision:.3f} R {recall:.3f}), "
          f"near-miss pairs folded {len(folded)} of {len(near)}")
    assert f1 >= FLOOR["pairwise_f1"] - 1e-9
    assert precision >= FLOOR["pairwise_precision"] - 1e-9
    assert len(folded) <= FLOOR["near_miss_folded"], folded
