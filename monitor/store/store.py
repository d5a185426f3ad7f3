"""The Store: every read and write of monitor's state goes through here.

Times are stored as naive UTC (SQLite has no timezone type) and handed out as
aware UTC datetimes. Documents are stored a batch per transaction, so a crash
leaves each document either whole, with its articles and matches, or absent.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    Select,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, SQLAlchemyError

from monitor.errors import DocumentRefused, StoreError
from monitor.facts import Facts, article_facts
from monitor.facts.stored import decode, encode
from monitor.models import Article, RawDocument, TopicMatch
from monitor.store import schema
from monitor.store.locks import APPLICATION_PREFIX, migration_lock
from monitor.store.migrations import migrate
from monitor.store.sentences import pack, unpack

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as kept in the database, with the topics it was filed under."""

    id: int
    document_name: str
    ingested_at: datetime  # aware UTC
    article: Article
    topics: dict[str, tuple[str, ...]]  # accepted topic id -> matched keywords
    link: str | None = None  # the feed entry's link, for articles from feeds
    # Amounts and regions as found at ingest; None when stored before, or by other rules
    # (monitor.facts.stored): the caller finds them again (article_facts).
    facts: Facts | None = None


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A document to store, with its articles and each article's topic matches."""

    doc: RawDocument
    articles: Sequence[Article]
    matches: Sequence[Sequence[TopicMatch]]


@dataclass(frozen=True, slots=True)
class StoredDigest:
    id: int
    name: str
    period_start: datetime | None
    period_end: datetime
    created_at: datetime
    path: str | None
    article_count: int
    topic_counts: Mapping[str, int] = field(default_factory=dict)  # topic id -> stories shown


def to_db(moment: datetime) -> datetime:
    """Aware datetime -> naive UTC for storage."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


class Store:
    """Database access for documents, articles, topic matches and digests."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect, create the SQLite folder if needed, and apply pending migrations."""
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            # Unescaped JSON: Korean in \uXXXX escapes takes 6 bytes a character instead of 3.
            # A PostgreSQL session says whose it is, so that `monitor status` can name the service's pid.
            connect_args = ({"application_name": f"{APPLICATION_PREFIX}{os.getpid()}"}
                            if parsed.get_backend_name() == "postgresql" else {})
            engine = create_engine(url, json_serializer=partial(json.dumps, ensure_ascii=False),
                                   connect_args=connect_args)
            if parsed.get_backend_name() == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            with migration_lock(engine):
                migrate(engine)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot open database {parsed.render_as_string(hide_password=True)}: "
                             f"{e.__class__.__name__}: {str(e).splitlines()[0]}") from e
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- documents and articles -------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.scalar(_HAS_DOCUMENT, {"content_hash": content_hash})
        return found is not None

    def stored_hashes(self, content_hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes belong to stored documents (one query per 900)."""
        d = schema.documents
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in chunks(list(dict.fromkeys(content_hashes))):
                found.update(conn.scalars(select(d.c.content_hash).where(d.c.content_hash.in_(chunk))))
        return found

    def add_document(
        self,
        doc: RawDocument,
        articles: Sequence[Article],
        matches: Sequence[Sequence[TopicMatch]],
        ingested_at: datetime,
    ) -> int:
        """Store one document with its articles and topic matches in one transaction.

        A value the database will not take (too long for a column, out of range) raises
        DocumentRefused naming the document, with the database's reason on one line and
        none of the text: the caller skips that document and stores the rest.
        """
        try:
            with self.engine.begin() as conn:
                return _insert_documents(conn, [NewDocument(doc, articles, matches)], to_db(ingested_at))[0]
        except DataError as e:
            raise _refused(doc, e) from e

    def add_documents(self, items: Sequence[NewDocument], ingested_at: datetime) -> dict[str, DocumentRefused]:
        """Store documents in one transaction; return the refused ones by content hash.

        A document the database refuses rolls the batch back, and the batch is then stored
        one document per transaction, so that only the refused ones are left out.
        """
        when = to_db(ingested_at)
        try:
            with self.engine.begin() as conn:
                _insert_documents(conn, items, when)
            return {}
        except DataError:
            logger.info("the database refused a document of a batch of %d; storing them one by one", len(items))
        refused = {}
        for item in items:
            try:
                self.add_document(item.doc, item.articles, item.matches, ingested_at)
            except DocumentRefused as e:
                refused[item.doc.content_hash] = e
        return refused

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(schema.articles)) or 0)

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(schema.documents)) or 0)

    def articles_between(self, start: datetime | None, end: datetime, shown: bool = False) -> list[StoredArticle]:
        """Articles ingested in [start, end), oldest first; start None means from the beginning.

        `shown`: without what no view shows (NOT_SHOWN), for the digest, which reads every article of a period.
        """
        a = schema.articles
        query = (article_select(shown=shown).where(ingested_in(start, end))
                 .order_by(a.c.ingested_at, a.c.document_id, a.c.idx))
        return self._load(query)

    def iter_articles(self) -> Iterator[StoredArticle]:
        yield from self._load(article_select().order_by(schema.articles.c.id))

    def replace_matches(self, article_id: int, matches: Sequence[TopicMatch]) -> bool:
        """Re-file one article; True when its accepted topics changed."""
        with self.engine.begin() as conn:
            before = set(conn.scalars(select(schema.topic_matches.c.topic_id)
                                      .where(schema.topic_matches.c.article_id == article_id)))
            conn.execute(delete(schema.topic_matches).where(schema.topic_matches.c.article_id == article_id))
            _insert_matches(conn, article_id, matches)
        return before != {m.topic_id for m in matches if m.accepted}

    def _load(self, query) -> list[StoredArticle]:  # type: ignore[no-untyped-def]
        return [stored for stored, _ in self.load_articles(query)]

    def load_articles(self, query: Select[Any]) -> list[tuple[StoredArticle, RowMapping]]:
        """Run an `article_select` query: each row as a StoredArticle, with the row itself for extra columns."""
        m = schema.topic_matches
        # The matches of the same rows, selected by the query itself: an IN list of every id
        # (20,000 in a digest) cost more to bind than the rows to read.
        ids_query = query.with_only_columns(schema.articles.c.id).order_by(None)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
            topics: dict[int, dict[str, tuple[str, ...]]] = {row["id"]: {} for row in rows}
            if rows:
                for article_id, topic_id, keywords in conn.execute(
                        select(m.c.article_id, m.c.topic_id, m.c.keywords).where(m.c.article_id.in_(ids_query))):
                    if article_id in topics:
                        topics[article_id][topic_id] = tuple(keywords)
        return [(_stored_article(row, topics[row["id"]]), row) for row in rows]

    # -- digests -------------------------------------------------------------

    def last_digest(self, name: str) -> StoredDigest | None:
        d = schema.digests
        with self.engine.connect() as conn:
            row = conn.execute(select(d).where(d.c.name == name).order_by(d.c.period_end.desc(), d.c.id.desc())
                               .limit(1)).mappings().first()
        return _stored_digest(row) if row else None

    def record_digest(self, name: str, start: datetime | None, end: datetime, path: str | None,
                      article_count: int, created_at: datetime,
                      topic_counts: Mapping[str, int] | None = None) -> StoredDigest:
        with self.engine.begin() as conn:
            digest_id = conn.execute(insert(schema.digests).values(
                name=name, period_start=None if start is None else to_db(start), period_end=to_db(end),
                created_at=to_db(created_at), path=path, article_count=article_count,
                topic_counts=dict(topic_counts or {}),
            )).inserted_primary_key[0]
        return StoredDigest(int(digest_id), name, start, end, created_at, path, article_count,
                            dict(topic_counts or {}))

    def list_digests(self) -> list[StoredDigest]:
        d = schema.digests
        with self.engine.connect() as conn:
            rows = conn.execute(select(d).order_by(d.c.created_at.desc(), d.c.id.desc())).mappings().all()
        return [_stored_digest(row) for row in rows]


def chunks(values: Sequence[T], size: int = 900) -> Iterator[list[T]]:
    """Lists short enough for one IN (...) on every backend (SQLite caps bound parameters near 1,000 in old builds)."""
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


# What no view of an article shows (the digest, its emails): the sentences and the text before
# spacing restoration. A view reads the other columns only (`shown`).
NOT_SHOWN = ("sentences", "original_text")


def article_select(*extra: Any, shown: bool = False) -> Select[Any]:
    """Articles joined with what their document adds (name, source, link): every read of articles starts here.

    `shown`: without NOT_SHOWN; the articles read have no sentences and no original text.
    """
    a, d = schema.articles, schema.documents
    columns = [c for c in a.c if c.name not in NOT_SHOWN] if shown else [a]
    return (select(*columns, d.c.name.label("document_name"), d.c.source, d.c.link, *extra)
            .join(d, a.c.document_id == d.c.id))


def ingested_in(start: datetime | None, end: datetime) -> Any:
    """The condition on articles of a period [start, end); start None means from the beginning."""
    a = schema.articles
    before_end = a.c.ingested_at < to_db(end)
    return before_end if start is None else and_(a.c.ingested_at >= to_db(start), before_end)


# Built once: a statement made per row spent more in SQLAlchemy's cache-key machinery than in the database.
_INSERT_DOCUMENTS = insert(schema.documents).returning(schema.documents.c.id, sort_by_parameter_order=True)
_INSERT_ARTICLES = insert(schema.articles).returning(schema.articles.c.id, sort_by_parameter_order=True)
_INSERT_MATCHES = insert(schema.topic_matches)
_HAS_DOCUMENT = select(schema.documents.c.id).where(schema.documents.c.content_hash == bindparam("content_hash"))


def _insert_documents(conn: Connection, items: Sequence[NewDocument], when: datetime) -> list[int]:
    """Insert documents with their articles and accepted matches: one statement per table for the
    whole batch (a statement per row was a fifth of an ingest); return the documents' ids."""
    if not items:
        return []
    document_ids = list(conn.scalars(_INSERT_DOCUMENTS, [{
        "source": item.doc.source, "name": item.doc.name, "content_hash": item.doc.content_hash,
        "encoding": item.doc.encoding, "link": item.doc.link, "feed": item.doc.feed, "text": item.doc.text,
        "ingested_at": when} for item in items]))
    rows, matches = [], []
    for document_id, item in zip(document_ids, items, strict=True):
        for article, article_matches in zip(item.articles, item.matches, strict=True):
            rows.append({
                "document_id": document_id, "idx": article.index, "headline": article.headline,
                "subheadlines": list(article.subheadlines), "byline": article.byline, "outlet": article.outlet,
                "published": article.published, "text": article.text, "original_text": article.original_text,
                "summary": article.summary, "sentences": pack(article.text, article.sentences),
                "spacing_restored": article.spacing_restored, "ingested_at": when,
                "facts": encode(article_facts(article))})
            matches.append(article_matches)
    article_ids = list(conn.scalars(_INSERT_ARTICLES, rows)) if rows else []
    match_rows = [_match_row(article_id, m) for article_id, found in zip(article_ids, matches, strict=True)
                  for m in found if m.accepted]
    if match_rows:
        conn.execute(_INSERT_MATCHES, match_rows)
    return document_ids


def _refused(doc: RawDocument, error: DataError) -> DocumentRefused:
    reason = str(error.orig or error).strip().splitlines()[0]
    return DocumentRefused(doc.source, reason[:200])


def _match_row(article_id: int, m: TopicMatch) -> dict[str, Any]:
    return {"article_id": article_id, "topic_id": m.topic_id, "score": m.score, "keywords": list(m.keywords)}


def _insert_matches(conn, article_id: int, matches: Sequence[TopicMatch]) -> None:  # type: ignore[no-untyped-def]
    rows = [_match_row(article_id, m) for m in matches if m.accepted]
    if rows:
        conn.execute(_INSERT_MATCHES, rows)


def _stored_article(row, topics: dict[str, tuple[str, ...]]) -> StoredArticle:  # type: ignore[no-untyped-def]
    whole = "sentences" in row  # else read `shown` (article_select)
    article = Article(
        source=row["source"], index=row["idx"], headline=row["headline"], text=row["text"],
        summary=row["summary"], sentences=unpack(row["text"], row["sentences"]) if whole else (),
        subheadlines=tuple(row["subheadlines"]),
        byline=row["byline"], outlet=row["outlet"], published=row["published"],
        spacing_restored=bool(row["spacing_restored"]), original_text=row["original_text"] if whole else None,
    )
    ingested = from_db(row["ingested_at"])
    assert ingested is not None
    return StoredArticle(row["id"], row["document_name"], ingested, article, topics, row["link"], decode(row["facts"]))


def _stored_digest(row) -> StoredDigest:  # type: ignore[no-untyped-def]
    end, created = from_db(row["period_end"]), from_db(row["created_at"])
    assert end is not None and created is not None
    return StoredDigest(row["id"], row["name"], from_db(row["period_start"]), end, created, row["path"],
                        row["article_count"], dict(row["topic_counts"] or {}))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets `monitor status` read while the service writes; foreign keys are off by default in SQLite.
    # NORMAL, SQLite's advice for WAL: a commit is not synced to disk, the checkpoint is. A killed process
    # loses nothing committed; a power cut may lose the last commits, never the database's consistency,
    # and their files, not marked seen in those commits either, are read again.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
