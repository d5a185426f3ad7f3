"""Stories kept in the database: a new article joins a story stored by an earlier run."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from monitor.models import Article, RawDocument
from monitor.store import Store, schema
from monitor.store.stories import count_stories, story_ids, story_members
from monitor.stories.stored import fold_new_articles
from tests.test_stories_fold import BASE, add_chrome, ax_valley, remove_spaces, seed_text

DAY1 = datetime(2025, 9, 2, 9, 0, tzinfo=UTC)


def add(store: Store, name: str, text: str, outlet: str, when: datetime, published: date | None = None) -> int:
    """Store a one-article document; return the article id."""
    doc = RawDocument(source=f"inbox/{name}", name=name, text=text,
                      content_hash=hashlib.sha256(text.encode()).hexdigest())
    article = Article(source=doc.source, index=0, headline=name, text=text, summary="", outlet=outlet,
                      published=published)
    store.add_document(doc, [article], [[]], when)
    return max(s.id for s in store.iter_articles())


def test_a_new_article_joins_a_story_stored_by_an_earlier_run(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    first = add(store, "web.txt", BASE, "광주일보", DAY1)
    other = add(store, "seed000.txt", seed_text("000"), "새전북신문", DAY1)
    report = fold_new_articles(store, DAY1)
    assert (report.folded, report.new_stories, report.joined) == (2, 2, 0)
    store.close()

    # The next day, another process: the index is rebuilt from the stored signatures.
    day2 = DAY1 + timedelta(days=1)
    store = Store.open(sqlite_url)
    copy = add(store, "pdf.txt", remove_spaces(BASE), "무등일보", day2)
    unrelated = add(store, "seed002.txt", seed_text("002"), "동아경제신문", day2)
    report = fold_new_articles(store, day2)
    assert (report.folded, report.new_stories, report.joined) == (2, 1, 1)
    assert story_ids(store, [first, other, copy, unrelated]) == {
        first: first, other: other, copy: first, unrelated: unrelated}
    members = story_members(store, [first])[first]
    assert [m.article.outlet for m in members] == ["광주일보", "무등일보"]
    assert count_stories(store) == 3
    # The joined story counts both copies and was last seen when the copy arrived; the others one each.
    with store.engine.connect() as conn:
        rows = {r.id: (r.article_count, r.first_seen, r.last_seen) for r in conn.execute(select(schema.stories))}
    naive = {moment: moment.replace(tzinfo=None) for moment in (DAY1, day2)}  # stored as naive UTC
    assert rows == {first: (2, naive[DAY1], naive[day2]), other: (1, naive[DAY1], naive[DAY1]),
                    unrelated: (1, naive[day2], naive[day2])}
    # Nothing left to fold: a second pass changes nothing.
    assert fold_new_articles(store, day2).folded == 0
    store.close()


def test_copies_stored_in_one_run_fold_together_and_events_stay_apart(store: Store) -> None:
    ids = {entry["id"]: add(store, f"{entry['id']}.txt", entry["text"], entry["outlet"], DAY1, entry["published"])
           for entry in ax_valley()}
    fold_new_articles(store, DAY1)
    stories = story_ids(store, ids.values())
    assert stories[ids["cabinet_a"]] == stories[ids["cabinet_b"]] == ids["cabinet_a"]
    assert stories[ids["waiver"]] == ids["waiver"]


def test_signatures_of_an_older_fingerprint_version_are_recomputed(store: Store) -> None:
    first = add(store, "web.txt", BASE, "광주일보", DAY1)
    fold_new_articles(store, DAY1)
    with store.engine.begin() as conn:
        conn.execute(update(schema.story_articles).values(fingerprint="old", signature=b"\x00" * 512))
    copy = add(store, "chrome.txt", add_chrome(BASE), "전남일보", DAY1 + timedelta(hours=3))
    fold_new_articles(store, DAY1 + timedelta(hours=3))
    assert story_ids(store, [copy]) == {copy: first}


def test_stories_older_than_the_window_are_not_joined(store: Store) -> None:
    first = add(store, "web.txt", BASE, "광주일보", DAY1)
    fold_new_articles(store, DAY1)
    much_later = DAY1 + timedelta(days=60)
    copy = add(store, "again.txt", add_chrome(BASE), "광주일보", much_later)
    fold_new_articles(store, much_later)
    assert story_ids(store, [first, copy]) == {first: first, copy: copy}


def test_story_tables_come_from_a_named_migration(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    with store.engine.connect() as conn:
        names = [row.name for row in conn.execute(schema.schema_migrations.select())]
    store.close()
    assert any(name.startswith("stories:") for name in names)


def test_a_database_from_before_event_keys_gains_them_and_still_folds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store.open(url)
    first = add(store, "web.txt", BASE, "광주일보", DAY1)
    fold_new_articles(store, DAY1)
    # Make it a database of the previous version: no event columns, migration 5 not applied.
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE story_articles DROP COLUMN event_keys")
        conn.exec_driver_sql("ALTER TABLE story_articles DROP COLUMN score")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE id = 5")
    store.close()

    store = Store.open(url)  # migration 5 adds the columns; the old row has no keys
    with store.engine.connect() as conn:
        assert conn.scalars(select(schema.story_articles.c.event_keys)).all() == [None]
    later = DAY1 + timedelta(hours=6)
    copy = add(store, "chrome.txt", add_chrome(BASE), "전남일보", later)
    fold_new_articles(store, later)
    assert story_ids(store, [first, copy]) == {first: first, copy: first}
    store.close()
