"""The orchestrator: one pass of the service, read like a table of contents.

    ingest:  read sources -> skip known documents -> text pipeline -> classify -> store -> source state
             -> fold into stories
    digest:  choose the period -> group by topic -> render -> write report -> record -> index

Order constraints: known documents are skipped *before* the text pipeline so
that a second pass over the same inbox costs nothing and adds nothing; a
digest is recorded in the database only *after* its file is written, so a
crash in between repeats the digest instead of losing its period.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from monitor.configuration import Config
from monitor.digest import build_digest, render_digest, render_index, write_report
from monitor.digest.build import OTHER_SECTION_ID, OTHER_SECTION_NAME, PeriodCache
from monitor.digest.reports import write_index
from monitor.errors import DocumentRefused
from monitor.models import Article, RawDocument, TopicMatch
from monitor.sources.collect import read_sources
from monitor.sources.deadline import stop_requested
from monitor.sources.health import attention_for
from monitor.store import Store
from monitor.store.locks import ingest_lock
from monitor.stories.stored import fold_new_articles
from monitor.text import extract_articles
from monitor.topics import TopicSet

logger = logging.getLogger(__name__)


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
    """One pass over the sources; each new document is stored in its own transaction.

    Source state (feed entries seen, ETags, health) is written after the
    documents: `batch.done` once a document is stored, `batch.finish` last.
    One pass at a time per database: a pass started while another process's
    runs (`monitor ingest` next to the service) waits for it, then finds its
    documents stored.
    """
    with ingest_lock(store.engine):
        return _ingest_pass(config, store, now)


def _ingest_pass(config: Config, store: Store, now: datetime) -> IngestReport:
    # 1. Read every folder and every due feed; a failing source is logged and counted, not fatal.
    batch = read_sources(config, store, now)
    failures = list(batch.failures)
    new_documents = new_articles = 0
    for position, doc in enumerate(batch.documents):
        # A stop request (SIGTERM to `monitor run`) ends the pass between two documents: the rest are
        # read again next pass, their feeds' validators kept so that a 304 cannot skip them.
        if stop_requested():
            left = batch.documents[position:]
            for rest in left:
                batch.failed(rest)
            logger.info("stopping: %d document(s) left for the next pass", len(left))
            break
        # 2. Skip what is stored already (content hash): ingest is idempotent, and a feed
        #    entry re-published under a new guid is remembered under that guid too.
        if store.has_document(doc.content_hash):
            batch.done(doc, new=False)
            continue
        # 3-4. Clean, split, restore spacing; then file under topics.
        try:
            analysed = analyze_document(doc, config.topics)
        except Exception as e:  # one bad document must not stop the others
            logger.exception("skipped %s: text pipeline failed", doc.source)
            failures.append(f"{doc.source}: text pipeline failed: {e}")
            batch.failed(doc)
            continue
        # 5. Store the document, its articles and their topic matches together, each article as the
        #    digest credits it (the source's outlet and date where the text names none); a document
        #    the database refuses is skipped like an unreadable file, the others go on.
        try:
            store.add_document(doc, [as_credited(a) for a, _ in analysed], [m for _, m in analysed], now)
        except DocumentRefused as e:
            logger.warning("skipped %s", e)
            failures.append(str(e))
            batch.failed(doc)
            continue
        batch.done(doc, new=True)
        new_documents += 1
        new_articles += len(analysed)
        logger.info("ingested %s: %d article(s)", doc.source, len(analysed))
    # 6. Record each source's health and its feed validators, now that its documents are stored.
    batch.finish()
    # 7. Fold the new articles into stories, after all of this pass's documents are stored, so
    #    that copies arriving together fold with each other and with the stories stored before.
    fold_new_articles(store, now)
    seen = len(batch.documents) + len(batch.failures)
    return IngestReport(seen, new_documents, new_articles, tuple(failures))


def digest(config: Config, store: Store, now: datetime, name: str = "daily",
           periods: PeriodCache | None = None) -> DigestReport:
    """Write the digest `name` of everything ingested since its previous one, then the index.

    `periods` lets the emails of the same run reuse the period's data read here.
    """
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
