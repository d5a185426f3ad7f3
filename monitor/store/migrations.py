"""Named, ordered schema migrations, the same list for SQLite and PostgreSQL.

Each migration runs once, inside the transaction that records it in
`schema_migrations`; a database newer than this code is refused rather than
guessed at. Append new migrations at the end; never edit an applied one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import JSON, Connection, Engine, Integer, Text, bindparam, column, inspect, select, table, text, update

from monitor.errors import StoreError
from monitor.store import schema
from monitor.store.sentences import pack, unpack

logger = logging.getLogger(__name__)

Migration = tuple[int, str, Callable[[Connection], None]]


def _create(*tables: str) -> Callable[[Connection], None]:
    def apply(conn: Connection) -> None:
        schema.metadata.create_all(conn, tables=[schema.metadata.tables[t] for t in tables])

    return apply


def _add_columns(table: str, *columns: str) -> Callable[[Connection], None]:
    """ALTER TABLE ADD COLUMN for columns defined in schema.py (nullable, so existing rows stay valid).

    A database created after the column was added to schema.py got it from the table's own
    migration already; those columns are left alone.
    """

    def apply(conn: Connection) -> None:
        present = {column["name"] for column in inspect(conn).get_columns(table)}
        for name in columns:
            if name in present:
                continue
            column = schema.metadata.tables[table].c[name]
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))

    return apply


# Rows rewritten per statement batch by data migrations: bounded memory on a database of any size.
REWRITE_BATCH = 1000


def _sentences_as_offsets(conn: Connection) -> None:
    """Migration 6: `articles.sentences` held every sentence again, ASCII-escaped (a third of a
    10k-file database); rewrite each list as offsets into the article's text.

    Frozen: the table is described here as it was at migration 5, not read from schema.py.
    """
    articles = table("articles", column("id", Integer), column("text", Text), column("sentences", JSON))
    last = 0
    while True:
        rows = conn.execute(select(articles.c.id, articles.c.text, articles.c.sentences)
                            .where(articles.c.id > last).order_by(articles.c.id).limit(REWRITE_BATCH)).all()
        if not rows:
            return
        conn.execute(update(articles).where(articles.c.id == bindparam("row_id"))
                     .values(sentences=bindparam("packed")),
                     [{"row_id": row.id, "packed": pack(row.text, unpack(row.text, row.sentences))} for row in rows])
        last = rows[-1].id


MIGRATIONS: list[Migration] = [
    (1, "core tables: documents, articles, topic matches, digests",
     _create("documents", "articles", "topic_matches", "digests")),
    (2, "stories: near-duplicate articles folded into one story, with their MinHash signatures",
     _create("stories", "story_articles")),
    (3, "sources: feed validators and health, feed entries already taken in",
     _create("source_state", "feed_entries")),
    (4, "delivery outbox: one row per digest, recipient and period", _create("outbox")),
    (5, "stories: event keys and score of each folded article, for folding rewrites of one event",
     _add_columns("story_articles", "event_keys", "score")),
    (6, "articles: sentences as offsets into the text, stored once", _sentences_as_offsets),
    (7, "inbox files: name, size and mtime of each file taken in, so a poll skips unchanged files",
     _create("inbox_files")),
]


def migrate(engine: Engine, upto: int | None = None) -> list[str]:
    """Apply the migrations this database lacks (those numbered <= `upto` if given); return their names."""
    applied_now: list[str] = []
    with engine.begin() as conn:
        if not inspect(conn).has_table("schema_migrations"):
            schema.schema_migrations.create(conn)
        done = set(conn.scalars(select(schema.schema_migrations.c.id)))
    known = {number for number, _, _ in MIGRATIONS}
    unknown = done - known
    if unknown:
        raise StoreError(
            f"database has schema migrations {sorted(unknown)} that this version does not know",
            hint="upgrade monitor or point database.url at another database",
        )
    # Numbers, not list positions, give the order: features land in any order.
    for number, name, apply in sorted(MIGRATIONS, key=lambda migration: migration[0]):
        if number in done or (upto is not None and number > upto):
            continue
        with engine.begin() as conn:
            apply(conn)
            conn.execute(schema.schema_migrations.insert().values(
                id=number, name=name, applied_at=datetime.now(UTC).replace(tzinfo=None)))
        logger.info("applied schema migration %d: %s", number, name)
        applied_now.append(name)
    return applied_now
