"""Story persistence: which stored article belongs to which story, and the signatures to rebuild the index.

Kept apart from store.py because only story folding and the digest use it.
A story's id is the id of its first article. Assignments of one folding pass
are written in one transaction, so a crash leaves the articles unassigned and
the next pass folds them again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from monitor.store import schema
from monitor.store.store import Store, StoredArticle, article_select, chunks, from_db, ingested_in, to_db


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """A stored article that no story has taken yet (or every article, for a refold)."""

    id: int
    text: str
    published: date | None
    ingested_at: datetime  # aware UTC
    headline: str | None = None


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """A stored article as the story index needs it at start-up."""

    id: int
    story_id: int
    signature: bytes
    fingerprint: str  # version of the recipe that made the signature
    published: date | None
    ingested_at: datetime  # aware UTC
    event_keys: tuple[str, ...] | None = None  # None for rows folded before event keys were kept


@dataclass(frozen=True, slots=True)
class NewMember:
    """One folding decision to be saved."""

    article_id: int
    story_id: int
    matched_article_id: int | None
    jaccard: float
    signature: bytes
    fingerprint: str
    ingested_at: datetime  # aware UTC
    event_keys: tuple[str, ...] = ()
    score: float | None = None


def stories_state(store: Store) -> tuple[object, ...]:
    """What changes whenever any process folds or refolds: memberships, the latest, when last assigned."""
    sa = schema.story_articles
    with store.engine.connect() as conn:
        return tuple(conn.execute(select(func.count(), func.max(sa.c.article_id), func.max(sa.c.assigned_at))
                                  .select_from(sa)).one())


def pending_articles(store: Store, everything: bool = False) -> list[PendingArticle]:
    """Articles without a story (all articles: `everything`), oldest first, so a story starts with its earliest.

    A fold takes every article waiting, so those waiting are nearly always the ones stored after
    the latest folded: they are looked for there (a range of ids), and every article is looked
    at only when the counts say some older one waits too (a database restored, a fold by another
    version). Looking at every article each fold was 26 ms at 54,000 articles, every pass.
    """
    a, sa = schema.articles, schema.story_articles
    query = select(a.c.id, a.c.text, a.c.headline, a.c.published, a.c.ingested_at).order_by(a.c.ingested_at, a.c.id)
    with store.engine.connect() as conn:
        if not everything:
            unfolded = ~select(sa.c.article_id).where(sa.c.article_id == a.c.id).exists()
            floor = conn.scalar(select(func.coalesce(func.max(sa.c.article_id), 0)))
            rows = conn.execute(query.where(a.c.id > floor, unfolded)).all()
            waiting = (conn.scalar(select(func.count()).select_from(a))
                       - conn.scalar(select(func.count()).select_from(sa)))
            if len(rows) != waiting:
                rows = conn.execute(query.where(unfolded)).all()
        else:
            rows = conn.execute(query).all()
    return [PendingArticle(row.id, row.text, row.published, _aware(row.ingested_at), row.headline) for row in rows]


def indexed_articles(store: Store, since: datetime) -> list[IndexedArticle]:
    """Folded articles ingested at or after `since`: the stories new articles may still join."""
    a, sa = schema.articles, schema.story_articles
    query = (select(sa.c.article_id, sa.c.story_id, sa.c.signature, sa.c.fingerprint, sa.c.event_keys,
                    a.c.published, a.c.ingested_at)
             .join(a, a.c.id == sa.c.article_id).where(a.c.ingested_at >= to_db(since))
             .order_by(a.c.ingested_at, a.c.id))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [IndexedArticle(row.article_id, row.story_id, bytes(row.signature), row.fingerprint, row.published,
                           _aware(row.ingested_at), None if row.event_keys is None else tuple(row.event_keys))
            for row in rows]


def article_texts(store: Store, ids: Iterable[int]) -> dict[int, PendingArticle]:
    """article id -> its text, headline and dates, for the articles that still exist (one query)."""
    wanted = list(ids)
    if not wanted:
        return {}
    a = schema.articles
    with store.engine.connect() as conn:
        rows = conn.execute(select(a.c.id, a.c.text, a.c.headline, a.c.published, a.c.ingested_at)
                            .where(a.c.id.in_(wanted))).all()
    return {row.id: PendingArticle(row.id, row.text, row.published, _aware(row.ingested_at), row.headline)
            for row in rows}


def save_members(store: Store, members: Sequence[NewMember], now: datetime) -> None:
    """Write one pass's decisions: new stories first, then memberships, then the counts."""
    if not members:
        return
    with store.engine.begin() as conn:
        _save(conn, members, now)


def replace_all_members(store: Store, members: Sequence[NewMember], now: datetime) -> None:
    """A refold: every story and membership replaced by `members`, in one transaction."""
    with store.engine.begin() as conn:
        conn.execute(delete(schema.story_articles))
        conn.execute(delete(schema.stories))
        if members:
            _save(conn, members, now)


def _save(conn: Connection, members: Sequence[NewMember], now: datetime) -> None:
    """Bulk writes, one statement per kind of row: rebuilding each story's member list
    (a count per story) made a pass over 50k articles 16x slower than over 10k."""
    s, sa = schema.stories, schema.story_articles
    joined: dict[int, list[datetime]] = defaultdict(list)  # story id -> ingest times of its new members
    for m in members:
        joined[m.story_id].append(to_db(m.ingested_at))
    known: dict[int, tuple[datetime, int]] = {}  # story id -> (last_seen, member count) before this pass
    for chunk in chunks(list(joined)):
        known.update((row.id, (row.last_seen, row.article_count)) for row in conn.execute(
            select(s.c.id, s.c.last_seen, s.c.article_count).where(s.c.id.in_(chunk))))
    # A new story is written whole (its first member's time, this pass's count and latest time): an
    # UPDATE of each after its INSERT was two fifths of the rows a pass wrote.
    new_stories = [m for m in members if m.story_id == m.article_id and m.story_id not in known]
    if new_stories:
        conn.execute(insert(s), [{"id": m.story_id, "first_seen": to_db(m.ingested_at),
                                  "last_seen": max(joined[m.story_id]), "article_count": len(joined[m.story_id])}
                                 for m in new_stories])
    assigned_at = to_db(now)
    conn.execute(insert(sa), [{
        "article_id": m.article_id, "story_id": m.story_id, "matched_article_id": m.matched_article_id,
        "jaccard": m.jaccard, "signature": m.signature, "fingerprint": m.fingerprint,
        "event_keys": list(m.event_keys), "score": m.score, "assigned_at": assigned_at} for m in members])
    # A membership is only ever added, so a stored story's count is the stored one plus this pass's members.
    counts = []
    for story_id, times in joined.items():
        if story_id in known:
            last_seen, count = known[story_id]
            latest = max(times) if last_seen is None else max(*times, last_seen)
            counts.append({"story": story_id, "count": count + len(times), "latest": latest})
    if counts:
        conn.execute(update(s).where(s.c.id == bindparam("story"))
                     .values(article_count=bindparam("count"), last_seen=bindparam("latest")), counts)


def story_ids(store: Store, article_ids: Iterable[int]) -> dict[int, int]:
    """article id -> story id, for the articles that have one."""
    sa = schema.story_articles
    return _by_id(store, sa.c.article_id, sa.c.story_id, article_ids)


def story_members(store: Store, ids: Iterable[int]) -> dict[int, list[StoredArticle]]:
    """Every member of the given stories, including those of earlier periods, oldest first."""
    wanted = list(ids)
    if not wanted:
        return {}
    a, sa = schema.articles, schema.story_articles
    query = (article_select(sa.c.story_id).join(sa, sa.c.article_id == a.c.id)
             .where(sa.c.story_id.in_(wanted)).order_by(a.c.ingested_at, a.c.id))
    members: dict[int, list[StoredArticle]] = {story_id: [] for story_id in wanted}
    for stored, row in store.load_articles(query):
        members[row["story_id"]].append(stored)
    return members


def count_stories(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(schema.stories)) or 0)


def _by_id(store: Store, key: Any, value: Any, ids: Iterable[int]) -> dict[Any, Any]:
    """key -> value over the rows whose key is one of `ids` (one query; none for no ids)."""
    wanted = list(ids)
    if not wanted:
        return {}
    with store.engine.connect() as conn:
        return dict(conn.execute(select(key, value).where(key.in_(wanted))).all())


def _aware(moment: datetime) -> datetime:
    aware = from_db(moment)
    assert aware is not None
    return aware


def period_story_members(store: Store, start: datetime | None, end: datetime,
                         known: Iterable[StoredArticle]) -> dict[int, list[StoredArticle]]:
    """Every member of the stories of the articles ingested in [start, end), oldest first, by story id.

    `known` are the period's articles, loaded already: most members of its stories, so only the
    others (members of earlier periods) are read. The stories are selected by the period itself:
    IN lists of every article and story id were a tenth of a digest of 20,000 articles.
    """
    sa, a = schema.story_articles, schema.articles
    of_period = select(sa.c.story_id).join(a, a.c.id == sa.c.article_id).where(ingested_in(start, end))
    with store.engine.connect() as conn:
        pairs = conn.execute(select(sa.c.story_id, sa.c.article_id).where(sa.c.story_id.in_(of_period))).all()
    loaded = {entry.id: entry for entry in known}
    missing = [article_id for _, article_id in pairs if article_id not in loaded]
    for chunk in chunks(missing):
        query = article_select(shown=True).where(a.c.id.in_(chunk))
        loaded.update((stored.id, stored) for stored, _ in store.load_articles(query))
    members: dict[int, list[StoredArticle]] = {}
    for story_id, article_id in pairs:
        if article_id in loaded:  # not deleted since
            members.setdefault(story_id, []).append(loaded[article_id])
    for group in members.values():
        group.sort(key=lambda m: (m.ingested_at, m.id))  # oldest first, as story_members
    return members
