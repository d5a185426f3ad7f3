"""Accuracy gate of article structure on the shared labelled corpus (../shared/corpus).

For each labelled excerpt, its first article is compared with the labels the way
`../shared/corpus/score.py` does: headline right (null when the excerpt has none),
the date the text shows, the outlet the text names, and the lead found where it
starts. The figures are printed; the test fails under the floors pinned in
`tests/data/text/structure_floor.json` (raise them when the figures rise). The
corpus is third-party text: it is read from its folder, never copied here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from monitor.models import Article
from monitor.sources.folder import read_document
from monitor.text import extract_articles
from tests.corpus_support import CORPUS, corpus_labels, same_headline, squash

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "data" / "text" / "structure_floor.json"
LEAD_MARKER = 20  # characters of the labelled lead that must appear ...
LEAD_WINDOW = 400  # ... within this many characters of the text's start (whitespace removed)


@cache
def labelled() -> tuple[tuple[dict, Article | None], ...]:
    labels = corpus_labels()["articles"]
    pairs = []
    for label in labels:
        path = CORPUS / label["file"]
        articles = extract_articles(read_document(path, source=str(path)))
        pairs.append((label, articles[0] if articles else None))
    return tuple(pairs)


def figures() -> dict[str, tuple[int, int]]:
    """(right, out of) for each measure."""
    pairs = labelled()
    dated = [(label, a) for label, a in pairs if label["published"]]
    credited = [(label, a) for label, a in pairs if label["outlet"]]
    return {
        "headline": (sum(same_headline(label["headline"], a and a.headline) for label, a in pairs), len(pairs)),
        "date": (sum(bool(a and a.published and str(a.published).startswith(label["published"]))
                     for label, a in dated), len(dated)),
        "outlet": (sum(bool(a and squash(a.outlet) == squash(label["outlet"])) for label, a in credited),
                   len(credited)),
        "body_start": (sum(bool(a and squash(label["body_start"])[:LEAD_MARKER] in squash(a.text)[:LEAD_WINDOW])
                           for label, a in pairs), len(pairs)),
    }


def test_structure_accuracy_gate() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    measured = figures()
    shown = [f"{name} {right}/{total} = {right / total:.3f} (floor {floors[name]})"
             for name, (right, total) in measured.items()]
    print("\nstructure on the shared corpus: " + ", ".join(shown))
    for name, (right, total) in measured.items():
        assert right / total >= floors[name], f"{name}: {right}/{total} under the floor {floors[name]}"


def test_headline_less_excerpts_get_no_invented_headline() -> None:
    """An excerpt labelled without a headline must not get one made from its lead or a deck."""
    invented = [label["file"] for label, a in labelled()
                if label["headline"] is None and a is not None and a.headline]
    share = len(invented) / sum(1 for label, _ in labelled() if label["headline"] is None)
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    print(f"\nheadlines invented for headline-less excerpts: {len(invented)} ({share:.3f})")
    assert share <= floors["invented_headline_share_max"]
