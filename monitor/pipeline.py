"""The orchestrator: one pass of the service, read like a table of contents.

    ingest:  read sources -> skip known documents -> text pipeline -> classify -> store a batch
             -> its source state -> fold into stories (every FOLD_BATCH articles, and at the end)
    digest:  choose the period -> group by topic -> render -> write report -> record -> index

Order constraints: known documents are skipped *before* the text pipeline so
that a second pass over the same inbox costs nothing and adds nothing; a
digest is recorded in the database only *after* its file is written, so a
crash in between repeats the digest instead of losing its period.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.configuration import Config
from monitor.gc_pause import paused_gc
from monitor.models import Article, RawDocument, TopicMatch
from monitor.sources.collect import SourceBatch, read_sources
from monitor.sources.deadline import stop_requested
from monitor.sources.health import attention_for
from monitor.store import Store
from monitor.store.locks import ingest_lock
from monitor.store.store import NewDocument
from monitor.stories.stored import REFOLD_BATCH, fold_new_articles
from monitor.text import extract_articles
from monitor.topics import TopicSet

if TYPE_CHECKING:  # the digest stack is imported by `digest` only: `monitor ingest` starts without it
    from monitor.digest.build import PeriodCache

logger = logging.getLogger(__name__)

# Documents per transaction: a commit per document was 9 % of an ingest; a crash loses at most
# this many, which the next pass reads again.
COMMIT_BATCH = 200
# Documents read ahead to ask the store which it holds in one query: as few as keeps that query
# cheap; a stop request leaves them for the next pass like any document read but not stored.
LOOKAHEAD = 100
# Articles folded into stories at a time: as many as a refold's batch (monitor.stories.stored).
FOLD_BATCH = REFOLD_BATCH


@dataclass(frozen=True, slots=True)
class IngestReport:
    documents_seen: int
    documents_new: int
    articles_new: int
    failures: tuple[str, ...]  # one line per source item that was skipped


@dataclass(frozen=True, slots=True)
class DigestReport:
    path: Path | None  # None: nothing new, and the digest writes no empty report (`empty_report`)
    index_path: Path
    article_count: int


def analyze_document(doc: RawDocument, topics: TopicSet) -> list[tuple[Article, list[TopicMatch]]]:
    """Text pipeline then topic matching, without touching the database."""
    return [(article, topics.classify(article)) for article in extract_articles(doc)]


def as_credited(article: Article) -> Article:
    """The article as a digest shows it: outlet and date from the source where the text names none.

    `monitor analyze` keeps what the text itself says (`outlet`, `published`); the
    digest falls back to the feed's outlet and the entry's or file's date, never to a file name.
    """
    outlet = article.outlet or article.publisher
    published = article.published or article.dated
    if (outlet, published) == (article.outlet, article.published):
        return article
    return replace(article, outlet=outlet, published=published)


def ingest(config: Config, store: Store, now: datetime) -> IngestReport:
    """One pass over the sources; new documents are stored in batches, one transaction each.

    Source state is written after the documents: the feed entries and files of a
    batch once it is committed (`batch.flush`), health last (`batch.finish`). A
    pass killed mid-batch loses only that batch, which the next pass reads again.
    One pass at a time per database: a pass started while another process's
    runs (`monitor ingest` next to the service) waits for it, then finds its
    documents stored.
    """
    with ingest_lock(store.engine), paused_gc():  # see gc_pause: the pass makes no cycles worth a collection
        return _ingest_pass(config, store, now)


def _ingest_pass(config: Config, store: Store, now: datetime) -> IngestReport:
    # 1. Folders (read lazily, unchanged files skipped unread) and due feeds; a failing source is
    #    logged and counted, not fatal.
    batch = read_sources(config, store, now)
    writer = _BatchWriter(store, batch, now)
    folded = 0  # articles of the pass already folded
    for doc, stored in _with_stored(batch.documents(), store):
        # A stop request (SIGTERM to `monitor run`) ends the pass between two documents: files not
        # read yet are read next pass, and feeds whose entries are left keep their old validators
        # so that a 304 cannot skip them.
        if stop_requested():
            writer.commit()
            logger.info("stopping: %d document(s) left for the next pass", batch.abandon())
            break
        # 2. Skip what is stored already (content hash), or waits in this batch: ingest is
        #    idempotent, and a feed entry re-published under a new guid is remembered under that
        #    guid too.
        if writer.holds(doc):
            continue
        if stored:
            batch.done(doc, new=False)
            continue
        # 3-4. Clean, split, restore spacing; then file under topics.
        try:
            analysed = analyze_document(doc, config.topics)
        except Exception as e:  # one bad document must not stop the others, nor be analysed every poll
            logger.exception("skipped %s: text pipeline failed", doc.source)
            writer.failures.append(f"{doc.source}: text pipeline failed: {e}")
            batch.unusable(doc)
            continue
        # 5. Store documents with their articles and topic matches, a batch per transaction, each
        #    article as the digest credits it (the source's outlet and date where the text names none).
        writer.add(NewDocument(doc, [as_credited(a) for a, _ in analysed], [m for _, m in analysed]))
        # 6. Fold what is stored into stories every FOLD_BATCH articles, into one index for the
        #    pass, so that the texts waiting to be folded stay few whatever the size of the inbox.
        if writer.articles - folded >= FOLD_BATCH:
            writer.commit()
            fold_new_articles(store, now)
            folded = writer.articles
    writer.commit()
    # 7. Record each source's health and its feed validators, now that its documents are stored.
    batch.finish()
    # 8. Fold the rest, after all of this pass's documents are stored, so that copies arriving
    #    together fold with each other and with the stories stored before.
    if not stop_requested():  # what is left unfolded is folded by the next pass
        fold_new_articles(store, now)
    seen = batch.read + batch.unchanged + len(batch.failures)
    return IngestReport(seen, writer.documents, writer.articles, (*batch.failures, *writer.failures))


def _with_stored(documents: Iterator[RawDocument], store: Store) -> Iterator[tuple[RawDocument, bool]]:
    """Each document with whether the store holds its content already, asked LOOKAHEAD at a time.

    One query per document was a twentieth of an ingest. A hash met twice within one lookahead
    is asked again when its turn comes: the first may have been stored in between.
    """
    while chunk := list(islice(documents, LOOKAHEAD)):
        known = store.stored_hashes([doc.content_hash for doc in chunk])
        met: set[str] = set()
        for doc in chunk:
            again = doc.content_hash in met
            met.add(doc.content_hash)
            yield doc, store.has_document(doc.content_hash) if again else doc.content_hash in known


@dataclass(slots=True)
class _BatchWriter:
    """The documents of a pass waiting to be stored, written COMMIT_BATCH at a time.

    A document the database refuses (too long for a column, a NUL on PostgreSQL) makes the
    store write that batch one document at a time: it is skipped like an unreadable file
    and the others are stored.
    """

    store: Store
    sources: SourceBatch
    now: datetime
    waiting: list[NewDocument] = field(default_factory=list)
    hashes: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    documents: int = 0
    articles: int = 0

    def holds(self, doc: RawDocument) -> bool:
        """A copy of a document waiting in this batch: reported done with it."""
        return doc.content_hash in self.hashes

    def add(self, item: NewDocument) -> None:
        self.waiting.append(item)
        self.hashes.add(item.doc.content_hash)
        if len(self.waiting) >= COMMIT_BATCH:
            self.commit()

    def commit(self) -> None:
        if not self.waiting:
            return
        refused = self.store.add_documents(self.waiting, self.now)
        for item in self.waiting:
            error = refused.get(item.doc.content_hash)
            if error is not None:
                logger.warning("skipped %s", error)
                self.failures.append(str(error))
                self.sources.failed(item.doc)
                continue
            self.sources.done(item.doc, new=True)
            self.documents += 1
            self.articles += len(item.articles)
            logger.info("ingested %s: %d article(s)", item.doc.source, len(item.articles))
        self.sources.flush()
        self.waiting.clear()
        self.hashes.clear()


def digest(config: Config, store: Store, now: datetime, name: str = "daily",
           periods: PeriodCache | None = None) -> DigestReport:
    """Write the digest `name` of everything ingested since its previous one, then the index.

    `periods` lets the emails of the same run reuse the period's data read here.
    """
    from monitor.digest import build_digest, render_digest, render_index, write_report
    from monitor.digest.build import OTHER_SECTION_ID, OTHER_SECTION_NAME
    from monitor.digest.reports import write_index

    settings = config.settings
    options = config.digest(name)
    # 1-2. The period's articles, grouped by topic, in the digest's own timezone.
    view = build_digest(store, config.topics, now, options.timezone, name=name,
                        attention=attention_for(config.sources, store, now), other=options.other, periods=periods)
    # 3-4. Render and write the page atomically. A period with nothing new gets none unless configured,
    #      or unless a source needs attention: that is news for whoever runs monitor.
    path = None
    if not view.is_empty or view.attention or options.empty_report == "write":
        path = write_report(settings.reports_dir, view, render_digest(view))
    # 5. Record it (also when no page was written): the next digest starts where this one ended.
    counts = {s.topic_id: s.story_count for s in view.sections}
    store.record_digest(name, view.period_start, view.period_end, None if path is None else str(path),
                        view.article_count, now, topic_counts=counts)
    # 6. Rebuild the index of every digest written so far.
    columns = [(t.id, t.name) for t in config.topics.topics] + [(OTHER_SECTION_ID, OTHER_SECTION_NAME)]
    index_path = write_index(settings.reports_dir, render_index(store.list_digests(), settings.timezone, columns))
    logger.info("wrote digest %s (%d article(s))", path or "(nothing new: no page)", view.article_count)
    return DigestReport(path, index_path, view.article_count)
