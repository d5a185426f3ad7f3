"""Story membership is written in bulk: a few statements per pass, whatever the number of stories."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, func, select

from monitor.models import Article, RawDocument
from monitor.store import Store, schema
from monitor.store.stories import NewMember, replace_all_members, save_members

T0 = datetime(2025, 9, 2, 9, 0, tzinfo=UTC)


def _articles(store: Store, count: int, when: datetime, prefix: str) -> list[int]:
    for i in range(count):
        text = f"{prefix} 기사 {i}"
        doc = RawDocument(source=f"inbox/{prefix}{i}.txt", name=f"{prefix}{i}.txt", text=text,
                          content_hash=hashlib.sha256(text.encode()).hexdigest())
        store.add_document(doc, [Article(doc.source, 0, None, text, "")], [[]], when)
    with store.engine.connect() as conn:
        return list(conn.scalars(select(schema.articles.c.id).where(schema.articles.c.ingested_at == when.replace(
            tzinfo=None)).order_by(schema.articles.c.id)))


def _member(article_id: int, story_id: int, when: datetime) -> NewMember:
    return NewMember(article_id=article_id, story_id=story_id,
                     matched_article_id=None if story_id == article_id else story_id,
                     jaccard=1.0 if story_id == article_id else 0.8, signature=b"\0" * 8, fingerprint="t",
                     ingested_at=when, event_keys=("키",))


def _stories_as_recounted(store: Store) -> dict[int, tuple[int, datetime, datetime]]:
    """Each story's row as the old per-story rebuild computed it: counted from its members."""
    s, sa, a = schema.stories, schema.story_articles, schema.articles
    with store.engine.connect() as conn:
        stored = {r.id: (r.article_count, r.first_seen, r.last_seen) for r in conn.execute(select(s))}
        counted = {r.story_id: (r.n, r.last) for r in conn.execute(
            select(sa.c.story_id, func.count().label("n"), func.max(a.c.ingested_at).label("last"))
            .join(a, a.c.id == sa.c.article_id).group_by(sa.c.story_id))}
    assert set(stored) == set(counted)
    for story_id, (count, _first, last) in stored.items():
        assert (count, last) == counted[story_id], story_id
    return stored


def _statements(store: Store, write) -> int:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def count(conn, cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        write()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


def test_bulk_membership_counts_and_times_equal_a_recount_over_two_passes(store: Store) -> None:
    first = _articles(store, 40, T0, "a")
    # Pass 1: 20 stories of two members each.
    pass1 = [_member(i, first[(k // 2) * 2], T0) for k, i in enumerate(first)]
    save_members(store, pass1, T0)
    rows = _stories_as_recounted(store)
    assert len(rows) == 20 and {count for count, _, _ in rows.values()} == {2}
    # Pass 2, a day later: half join stories of pass 1, the rest start new ones or join those.
    day2 = T0 + timedelta(days=1)
    second = _articles(store, 30, day2, "b")
    pass2 = [_member(i, first[(k % 10) * 2], day2) if k < 15 else _member(i, second[15 + ((k - 15) // 3) * 3], day2)
             for k, i in enumerate(second)]
    save_members(store, pass2, day2)
    rows = _stories_as_recounted(store)
    assert len(rows) == 25
    joined = first[0]
    assert rows[joined] == (4, T0.replace(tzinfo=None), day2.replace(tzinfo=None))  # 2 + 2 copies of day 2
    assert rows[first[38]] == (2, T0.replace(tzinfo=None), T0.replace(tzinfo=None))  # untouched by pass 2


def test_statements_per_pass_do_not_grow_with_the_number_of_stories(store: Store) -> None:
    ids = _articles(store, 600, T0, "c")
    few = _statements(store, lambda: save_members(store, [_member(i, i, T0) for i in ids[:20]], T0))
    many = _statements(store, lambda: save_members(store, [_member(i, i, T0) for i in ids[20:]], T0))
    assert many <= few + 2, (few, many)  # per-story UPDATEs made it 580 more
    _stories_as_recounted(store)


def test_refold_replaces_every_story_with_bulk_rows(store: Store) -> None:
    ids = _articles(store, 12, T0, "d")
    save_members(store, [_member(i, i, T0) for i in ids], T0)
    replace_all_members(store, [_member(i, ids[0], T0) for i in ids], T0)
    assert _stories_as_recounted(store) == {ids[0]: (12, T0.replace(tzinfo=None), T0.replace(tzinfo=None))}


def test_waiting_articles_are_those_after_the_latest_folded_and_any_older_one_left(store: Store) -> None:
    from monitor.store.stories import pending_articles

    first = _articles(store, 3, T0, "a")
    save_members(store, [_member(i, i, T0) for i in first], T0)
    later = _articles(store, 2, T0 + timedelta(hours=1), "b")
    assert [p.id for p in pending_articles(store)] == later
    # An older article without a story (its row gone: a store restored, a fold by another version)
    # is not after the latest folded one, and is found all the same, oldest first.
    with store.engine.begin() as conn:
        conn.execute(schema.story_articles.delete().where(schema.story_articles.c.article_id == first[1]))
    assert [p.id for p in pending_articles(store)] == [first[1], *later]
    assert [p.id for p in pending_articles(store, everything=True)] == [*first, *later]
