"""The schema as frozen steps: the literal DDL each migration ran, for SQLite and PostgreSQL.

A step's SQL is written out here, never derived from schema.py, so that it means the same
thing for ever: migration 1 creates the tables as they were at version 1, whatever columns
schema.py has gained since. The two databases differ only in a few type names, so a step is
written once with `{timestamp}`, `{serial}` (an auto-numbered key) and `{binary}` standing for
them (TYPES, frozen too); `sqlite=` / `postgresql=` hold statements only one of them runs.

To change the schema, change schema.py and append a Step to STEPS; tests/test_migrations.py
builds a database at every earlier version, upgrades it and compares it with schema.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import JSON, Connection, Integer, Text, bindparam, column, select, table, update

from monitor.store.sentences import pack, unpack

TYPES = {
    "sqlite": {"timestamp": "DATETIME", "serial": "INTEGER", "binary": "BLOB"},
    "postgresql": {"timestamp": "TIMESTAMP WITHOUT TIME ZONE", "serial": "SERIAL", "binary": "BYTEA"},
}


@dataclass(frozen=True, slots=True)
class Step:
    """Migration `number`: its statements, run in order in one transaction."""

    number: int
    name: str
    sql: tuple[str, ...] = ()  # for both databases, with the TYPES placeholders
    sqlite: tuple[str, ...] = ()  # run first, by that database only
    postgresql: tuple[str, ...] = ()
    # A data migration, run after the statements: it must describe the tables it reads as they
    # were at this step (sqlalchemy `table()`), never through schema.py.
    data: Callable[[Connection], None] | None = None

    def statements(self, dialect: str) -> tuple[str, ...]:
        """The statements for a SQLAlchemy dialect name (`sqlite` or `postgresql`)."""
        own = {"sqlite": self.sqlite, "postgresql": self.postgresql}[dialect]
        return (*own, *(statement.format(**TYPES[dialect]) for statement in self.sql))


# The ledger of applied steps, created before any step runs.
LEDGER = """CREATE TABLE schema_migrations (
    id INTEGER NOT NULL,
    name VARCHAR(200) NOT NULL,
    applied_at {timestamp} NOT NULL,
    PRIMARY KEY (id)
)"""

STEP_1 = (
    """CREATE TABLE documents (
    id {serial} NOT NULL,
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    encoding VARCHAR(40) NOT NULL,
    link TEXT,
    feed TEXT,
    text TEXT NOT NULL,
    ingested_at {timestamp} NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (content_hash)
)""",
    """CREATE INDEX ix_documents_ingested_at ON documents (ingested_at)""",
    """CREATE TABLE articles (
    id {serial} NOT NULL,
    document_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    headline TEXT,
    subheadlines JSON NOT NULL,
    byline VARCHAR(100),
    outlet VARCHAR(100),
    published DATE,
    text TEXT NOT NULL,
    original_text TEXT,
    summary TEXT NOT NULL,
    sentences JSON NOT NULL,
    spacing_restored BOOLEAN NOT NULL,
    ingested_at {timestamp} NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE,
    UNIQUE (document_id, idx)
)""",
    """CREATE INDEX ix_articles_ingested_at ON articles (ingested_at)""",
    """CREATE TABLE topic_matches (
    article_id INTEGER NOT NULL,
    topic_id VARCHAR(100) NOT NULL,
    score FLOAT NOT NULL,
    keywords JSON NOT NULL,
    PRIMARY KEY (article_id, topic_id),
    FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
)""",
    """CREATE TABLE digests (
    id {serial} NOT NULL,
    name VARCHAR(100) NOT NULL,
    period_start {timestamp},
    period_end {timestamp} NOT NULL,
    created_at {timestamp} NOT NULL,
    path TEXT,
    article_count INTEGER NOT NULL,
    PRIMARY KEY (id)
)""",
)
STEP_2 = (
    """CREATE TABLE stories (
    id INTEGER NOT NULL,
    first_seen {timestamp} NOT NULL,
    last_seen {timestamp} NOT NULL,
    article_count INTEGER NOT NULL,
    PRIMARY KEY (id)
)""",
    """CREATE TABLE story_articles (
    article_id INTEGER NOT NULL,
    story_id INTEGER NOT NULL,
    matched_article_id INTEGER,
    jaccard FLOAT NOT NULL,
    signature {binary} NOT NULL,
    fingerprint VARCHAR(60) NOT NULL,
    assigned_at {timestamp} NOT NULL,
    PRIMARY KEY (article_id),
    FOREIGN KEY(story_id) REFERENCES stories (id) ON DELETE CASCADE,
    FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
)""",
    """CREATE INDEX ix_story_articles_story_id ON story_articles (story_id)""",
)
STEP_3 = (
    """CREATE TABLE source_state (
    "key" VARCHAR(1000) NOT NULL,
    kind VARCHAR(20) NOT NULL,
    name TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_attempt {timestamp},
    last_success {timestamp},
    last_error TEXT,
    last_error_at {timestamp},
    failing_since {timestamp},
    consecutive_failures INTEGER NOT NULL,
    next_attempt {timestamp},
    entries_seen INTEGER NOT NULL,
    first_new_at {timestamp},
    last_new_at {timestamp},
    new_passes INTEGER NOT NULL,
    PRIMARY KEY ("key")
)""",
    """CREATE TABLE feed_entries (
    source_key VARCHAR(1000) NOT NULL,
    entry_key VARCHAR(64) NOT NULL,
    entry_id TEXT NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    first_seen {timestamp} NOT NULL,
    PRIMARY KEY (source_key, entry_key)
)""",
)
STEP_4 = (
    """CREATE TABLE outbox (
    id {serial} NOT NULL,
    digest VARCHAR(100) NOT NULL,
    recipient VARCHAR(320) NOT NULL,
    period_start {timestamp},
    period_end {timestamp} NOT NULL,
    message_id VARCHAR(300) NOT NULL,
    subject TEXT NOT NULL,
    message {binary},
    article_count INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at {timestamp},
    last_error TEXT,
    created_at {timestamp} NOT NULL,
    sent_at {timestamp},
    PRIMARY KEY (id),
    UNIQUE (message_id),
    UNIQUE (digest, recipient, period_end)
)""",
    """CREATE INDEX ix_outbox_status ON outbox (status)""",
)

# Rows rewritten per statement batch by data migrations: bounded memory on a database of any size.
REWRITE_BATCH = 1000


def sentences_as_offsets(conn: Connection) -> None:
    """Step 7: `articles.sentences` held every sentence again, ASCII-escaped (a third of a
    10k-file database); rewrite each list as offsets into the article's text."""
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


STEP_8 = (
    """CREATE TABLE inbox_files (
    source_key VARCHAR(1000) NOT NULL,
    name VARCHAR(1000) NOT NULL,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    checked_ns BIGINT NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    PRIMARY KEY (source_key, name)
)""",
)


STEP_11 = (
    """CREATE TABLE failed_entries (
    source_key VARCHAR(1000) NOT NULL,
    entry_key VARCHAR(64) NOT NULL,
    entry_id TEXT NOT NULL,
    failed_at {timestamp} NOT NULL,
    PRIMARY KEY (source_key, entry_key)
)""",
)


STEPS: tuple[Step, ...] = (
    Step(1, "core tables: documents, articles, topic matches, digests", sql=STEP_1),
    Step(2, "stories: near-duplicate articles folded into one story, with their MinHash signatures", sql=STEP_2),
    Step(3, "sources: feed validators and health, feed entries already taken in", sql=STEP_3),
    Step(4, "delivery outbox: one row per digest, recipient and period", sql=STEP_4),
    Step(5, "stories: event keys and score of each folded article, for folding rewrites of one event",
         sql=("ALTER TABLE story_articles ADD COLUMN event_keys JSON",
              "ALTER TABLE story_articles ADD COLUMN score FLOAT")),
    Step(6, "digests: stories per topic of each digest, for the report index's trend",
         sql=("ALTER TABLE digests ADD COLUMN topic_counts JSON",)),
    Step(7, "articles: sentences as offsets into the text, stored once", data=sentences_as_offsets),
    Step(8, "inbox files: name, size and mtime of each file taken in, so a poll skips unchanged files", sql=STEP_8),
    # No data step: an article stored before has no facts and is parsed when a digest shows it, as
    # before; filling 1.4 M rows here would hold the first start for minutes, with live parsing code.
    Step(9, "articles: amounts and regions found at ingest, so a digest does not parse every text again",
         sql=("ALTER TABLE articles ADD COLUMN facts JSON",)),
    Step(10, "inbox files: whether the text pipeline failed on the file, so a poll does not analyse it every time",
         sql=("ALTER TABLE inbox_files ADD COLUMN failed BOOLEAN NOT NULL DEFAULT false",)),
    Step(11, "feed entries the text pipeline failed on, so a poll does not fetch and analyse them every time",
         sql=STEP_11),
    Step(12, "story memberships: an index on when each was assigned, which every pass asks for the latest of",
         sql=("CREATE INDEX ix_story_articles_assigned_at ON story_articles (assigned_at)",)),
)
