"""Named, ordered schema migrations, the same list for SQLite and PostgreSQL.

Each migration runs once, inside the transaction that records it in
`schema_migrations`; a database newer than this code is refused rather than
guessed at. Append new migrations at the end; never edit an applied one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select, text

from monitor.errors import StoreError
from monitor.store import schema

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
    (7, "digests: stories per topic of each digest, for the report index's trend",
     _add_columns("digests", "topic_counts")),
]


def migrate(engine: Engine) -> list[str]:
    """Apply the migrations this database lacks; return their names."""
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
        if number in done:
            continue
        with engine.begin() as conn:
            apply(conn)
            conn.execute(schema.schema_migrations.insert().values(
                id=number, name=name, applied_at=datetime.now(UTC).replace(tzinfo=None)))
        logger.info("applied schema migration %d: %s", number, name)
        applied_now.append(name)
    return applied_now
