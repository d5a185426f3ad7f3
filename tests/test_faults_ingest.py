"""SIGKILL `monitor ingest` at random moments over a growing inbox: every article is stored once,
and the database ends equal to a clean ingest of the same inbox."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from monitor.store import Store
from monitor.store.sources import get_state, taken_in
from tests.fault_support import article, drop, kill_at_random, rows, run_to_end, start
from tests.install_support import install as install_in

KILLS = 30
TIME_BUDGET = 150  # seconds for the kills (about 60 on a quiet machine); the test fails rather than run on


def install(root: Path, inbox: Path, db: Path) -> Path:
    # Files arrive whole (renamed into place), so there is nothing to wait for: settle_seconds = 0.
    return install_in(root, inbox=inbox, database_url=f"sqlite:///{db}",
                      extra=f'[[sources.folder]]\npath = "{inbox}"\nname = "inbox"\nsettle_seconds = 0\n')


DOCUMENTS = "select source, name, content_hash, encoding, text from documents"
ARTICLES = ("select d.content_hash, a.idx, a.headline, a.subheadlines, a.byline, a.outlet, a.published, a.text,"
            " a.original_text, a.summary, a.sentences, a.spacing_restored from articles a"
            " join documents d on d.id = a.document_id")
MATCHES = ("select d.content_hash, a.idx, t.topic_id, t.score, t.keywords from topic_matches t"
           " join articles a on a.id = t.article_id join documents d on d.id = a.document_id")
STORIES = ("select s.story_id, d.content_hash, a.idx from story_articles s join articles a on a.id = s.article_id"
           " join documents d on d.id = a.document_id")
# entries_seen is a running tally a kill may lose; what `monitor sources` shows is counted from the store.
HEALTH = "select key, kind, name, active, consecutive_failures, last_error from source_state"


def content(db: Path) -> dict[str, object]:
    """What a clean ingest determines, without row ids and times."""
    groups: dict[object, set[tuple[object, ...]]] = {}
    for story, *key in rows(db, STORIES):
        groups.setdefault(story, set()).add(tuple(key))
    return {"taken in": taken_in_by_source(db),
            "documents": rows(db, DOCUMENTS), "articles": rows(db, ARTICLES), "matches": rows(db, MATCHES),
            "stories": sorted(sorted(g) for g in groups.values()), "health": rows(db, HEALTH)}


def taken_in_by_source(db: Path) -> dict[str, int]:
    """`entries taken in` as `monitor sources` reports it."""
    store = Store.open(f"sqlite:///{db}")
    try:
        return {key: taken_in(store, state) for (key,) in rows(db, "select key from source_state")
                if (state := get_state(store, key)) is not None}
    finally:
        store.close()


@pytest.mark.slow
def test_ingest_killed_30_times_stores_every_article_once(tmp_path: Path) -> None:
    rng = random.Random(15)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "var" / "monitor.db"
    config = install(tmp_path / "killed", inbox, db)
    n = kills = rounds = 0
    # Kill moments scaled to how long a pass takes here: drawn from fixed spans, most kills of a
    # fast pass would come after it ended and the 30 needed many more rounds.
    span = run_to_end(["--config", str(config), "ingest"], tmp_path, "timed")  # nothing new: start-up and a poll
    began = time.monotonic()
    while kills < KILLS:
        assert time.monotonic() - began < TIME_BUDGET, f"only {kills} kills in {TIME_BUDGET} s"
        for _ in range(rng.randint(2, 5)):  # the inbox grows between two runs
            n += 1
            drop(inbox, f"{n:03d}.txt", article(n))
            if rng.random() < 0.2:  # and a copy of it with other spacing: one story of two documents
                drop(inbox, f"{n:03d}-copy.txt", article(n).replace("\n\n", "\n\n\n").replace(" ", "  ", 3))
        log = tmp_path / f"run-{rounds}.log"
        process = start(["-v", "--config", str(config), "ingest"], tmp_path, log)
        rounds += 1
        killed = kill_at_random(process, log, rng, marker="monitor.pipeline: ingested",
                                early=(0.1, max(0.3, span)), late=max(0.05, span / 4))
        kills += killed.alive
    # A run that is left to finish takes in whatever the kills left, and nothing twice.
    run_to_end(["--config", str(config), "ingest"], tmp_path, "final")

    clean_db = tmp_path / "clean" / "var" / "monitor.db"
    run_to_end(["--config", str(install(tmp_path / "clean", inbox, clean_db)), "ingest"], tmp_path, "clean")

    files = sorted(p.name for p in inbox.glob("*.txt"))
    stored = [name for (name,) in rows(db, "select name from documents")]
    assert sorted(stored) == files  # every file once: none lost, none twice
    per_article = rows(db, "select document_id, idx, count(*) from articles group by document_id, idx")
    assert per_article and all(count == 1 for *_, count in per_article)
    killed_content, clean_content = content(db), content(clean_db)
    for part, expected in clean_content.items():
        assert killed_content[part] == expected, part
    assert len(clean_content["stories"]) < len(files)  # the copies folded, so stories were compared
    assert list(clean_content["taken in"].values()) == [len(files)]
