"""Table definitions. Tables are created by named migrations (migrations.py), never here."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
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
    Column("sentences", JSON, nullable=False),
    Column("spacing_restored", Boolean, nullable=False),
    Column("ingested_at", DateTime, nullable=False, index=True),  # UTC, copied from the document
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
)
