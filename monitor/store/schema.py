"""Table definitions. Tables are created by named migrations (migrations.py), never here."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime, nullable=False),  # UTC
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("name", Text, nullable=False),
    # sha256 of the decoded, NFC-normalised text: the same file twice is one document
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("encoding", String(40), nullable=False),
    Column("link", Text),
    Column("feed", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False, index=True),  # UTC
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("headline", Text),
    Column("subheadlines", JSON, nullable=False),
    Column("byline", String(100)),
    Column("outlet", String(100)),
    Column("published", Date),
    Column("text", Text, nullable=False),
    Column("original_text", Text),
    Column("summary", Text, nullable=False),
    # Each sentence as [start, end] into `text` where it is a slice of it, else the sentence itself
    # (a paragraph whose spacing was normalised): the text is stored once (migration 7).
    # Read and written by monitor/store/sentences.py.
    Column("sentences", JSON, nullable=False),
    Column("spacing_restored", Boolean, nullable=False),
    Column("ingested_at", DateTime, nullable=False, index=True),  # UTC, copied from the document
    # The article's amounts and regions, found at ingest so that a digest does not parse every
    # text again (migration 9); NULL or of an older recipe: parsed again. monitor/facts/stored.py.
    Column("facts", JSON),
    UniqueConstraint("document_id", "idx"),
)

topic_matches = Table(
    "topic_matches",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", String(100), primary_key=True),
    Column("score", Float, nullable=False),
    Column("keywords", JSON, nullable=False),
)

digests = Table(
    "digests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("period_start", DateTime),  # UTC; NULL for the first digest (takes everything)
    Column("period_end", DateTime, nullable=False),  # UTC, exclusive
    Column("created_at", DateTime, nullable=False),
    Column("path", Text),
    Column("article_count", Integer, nullable=False),
    Column("topic_counts", JSON),  # topic id -> stories shown (migration 6), for the index's trend
)

# The delivery ledger and outbox (migration 4): one row per (digest, recipient,
# period). The rendered message is stored before sending so a crash or a mail
# server outage never loses it; status is pending -> sent | failed, or skipped
# for an empty period that the config says not to mail. The SMTP password is
# never stored here.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("digest", String(100), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("period_start", DateTime),  # UTC; NULL when a first digest took everything
    Column("period_end", DateTime, nullable=False),  # UTC, exclusive
    Column("message_id", String(300), nullable=False, unique=True),
    Column("subject", Text, nullable=False),
    Column("message", LargeBinary),  # the whole RFC 5322 message; NULL when skipped
    Column("article_count", Integer, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime),  # UTC; when a pending message may be tried again
    Column("last_error", Text),  # the server's reply (code and text) or the connection error
    Column("created_at", DateTime, nullable=False),  # UTC
    Column("sent_at", DateTime),  # UTC, when the server accepted it
    UniqueConstraint("digest", "recipient", "period_end"),
)

# -- sources (migration 3): feed validators, health, entries already taken in ----

source_state = Table(
    "source_state",
    metadata,
    Column("key", String(1000), primary_key=True),  # "feed:<url>" or "folder:<path>"
    Column("kind", String(20), nullable=False),  # feed | folder
    Column("name", Text, nullable=False),
    Column("active", Boolean, nullable=False),  # False once the source is no longer configured
    Column("etag", Text),  # conditional GET validators, saved only after the entries are stored
    Column("last_modified", Text),
    Column("last_attempt", DateTime),  # UTC, like every DateTime here
    Column("last_success", DateTime),
    Column("last_error", Text),
    Column("last_error_at", DateTime),
    Column("failing_since", DateTime),  # first failure of the current run of failures
    Column("consecutive_failures", Integer, nullable=False),
    Column("next_attempt", DateTime),  # interval, or backoff after failures
    Column("entries_seen", Integer, nullable=False),  # new entries/files taken in, all time
    Column("first_new_at", DateTime),  # first and last pass that brought something new:
    Column("last_new_at", DateTime),  # together with new_passes they give the usual rhythm
    Column("new_passes", Integer, nullable=False),
)

feed_entries = Table(
    "feed_entries",
    metadata,
    Column("source_key", String(1000), primary_key=True),
    Column("entry_key", String(64), primary_key=True),  # sha256 of the entry id (ids can be long URLs)
    Column("entry_id", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("first_seen", DateTime, nullable=False),
)

# Feed entries the text pipeline failed on (nothing stored): skipped until their retry is due,
# so that a feed is not fetched in full and the entry analysed again every poll.
failed_entries = Table(
    "failed_entries",
    metadata,
    Column("source_key", String(1000), primary_key=True),
    Column("entry_key", String(64), primary_key=True),  # sha256 of the entry id, as in feed_entries
    Column("entry_id", Text, nullable=False),
    Column("failed_at", DateTime, nullable=False),  # UTC: the pass that last failed on it
)

stories = Table(
    "stories",
    metadata,
    # The id of the story's first article: stable, and known before the row is written.
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("first_seen", DateTime, nullable=False),  # UTC ingest time of the first article
    Column("last_seen", DateTime, nullable=False),  # UTC ingest time of the latest article to join
    Column("article_count", Integer, nullable=False),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("matched_article_id", Integer),  # the earlier copy it was folded with; NULL for a story's first
    Column("jaccard", Float, nullable=False),  # shingle Jaccard with that copy
    # MinHash of the text, so the LSH index is rebuilt at start-up without re-reading texts;
    # only comparable with signatures of the same fingerprint version.
    Column("signature", LargeBinary, nullable=False),
    Column("fingerprint", String(60), nullable=False),
    # UTC; indexed for stories_state, which asks for the latest every pass (a refold rewrites them all)
    Column("assigned_at", DateTime, nullable=False, index=True),
    # The rare terms the article is filed under in the story index (migration 5), so the index
    # is rebuilt without reading texts; NULL for rows folded before, recomputed from the text.
    Column("event_keys", JSON),
    Column("score", Float),  # event score with the matched article (a copy: 1 + Jaccard); NULL before
)

# -- inbox files (migration 8): what each folder file looked like when it was taken in ---------

# A poll skips a file whose name, size and mtime are those recorded here, without reading it,
# unless the record is "racy": taken within a timestamp granule of the file's mtime, when a
# rewrite of the same size could keep the same mtime (see monitor/sources/folder.py).
inbox_files = Table(
    "inbox_files",
    metadata,
    Column("source_key", String(1000), primary_key=True),  # "folder:<path>", as in source_state
    Column("name", String(1000), primary_key=True),  # the file's name in that folder
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("checked_ns", BigInteger, nullable=False),  # wall clock (ns) when it was stat'ed and read
    Column("content_hash", String(64), nullable=False),  # the document it was, for the record
    # The text pipeline failed on it (nothing stored): skipped while unchanged, retried now and then.
    Column("failed", Boolean, nullable=False, server_default=false()),
)
