"""One pass over every configured source: folders and due feeds -> RawDocuments.

The pipeline stores the documents; this module remembers what they came from
so that source state is written only *after* the effect:

- a feed entry id is marked seen only once its document is stored (or found
  stored already: a publisher that changed the guid of an item we have);
- a feed's ETag / Last-Modified are saved only when every new entry of that
  fetch was stored; otherwise a 304 on the next poll would lose the entry
  that failed, so the next poll fetches the whole feed again;
- health (success, error, failures in a row) is saved at the end of the pass.

Every source is its own boundary: one that fails is logged, recorded and
counted, and the others go on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from monitor.configuration import Config
from monitor.errors import SourceError
from monitor.models import RawDocument
from monitor.settings import Settings
from monitor.sources import health
from monitor.sources.config import FeedSource, FolderSource, SourcesConfig
from monitor.sources.feeds import parse_feed
from monitor.sources.folder import scan_folder
from monitor.sources.fulltext import with_full_text
from monitor.sources.http import fetch, make_client
from monitor.store import Store
from monitor.store.sources import SourceState, get_state, mark_entry_seen, retire_others, save_state, seen_entry_ids

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class _Pending:
    """A source's outcome, saved when the pass ends."""

    state: SourceState
    interval: int
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    stored: int = 0
    lost: bool = False  # an entry of this fetch was not stored: keep the old validators


@dataclass(slots=True)
class SourceBatch:
    """The documents of one pass, with the bookkeeping the pipeline reports back to."""

    store: Store
    now: datetime
    documents: list[RawDocument] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line per source or file skipped
    parsed_feeds: int = 0  # feeds whose body was parsed this pass (a 304 is not)
    configured: set[str] = field(default_factory=set)  # keys of every configured source
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _origin: dict[str, list[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(list))

    def done(self, doc: RawDocument, *, new: bool) -> None:
        """The document is in the store: stored now (`new`), or known by its content hash."""
        for key, entry_id in self._origin.pop(doc.content_hash, []):
            if entry_id is not None:
                mark_entry_seen(self.store, key, entry_id, doc.content_hash, self.now)
            if new:
                self._pending[key].stored += 1

    def failed(self, doc: RawDocument) -> None:
        """The document could not be stored; its feed is fetched in full next time."""
        for key, _ in self._origin.pop(doc.content_hash, []):
            self._pending[key].lost = True

    def finish(self) -> None:
        """Save every source's state; call after the documents are handled."""
        for pending in self._pending.values():
            if pending.error is not None:
                state = health.after_failure(pending.state, self.now, interval=pending.interval, error=pending.error,
                                             new_entries=pending.stored)
            else:
                keep = pending.lost
                state = health.after_success(
                    pending.state, self.now, interval=pending.interval, new_entries=pending.stored,
                    etag=None if keep else pending.etag, last_modified=None if keep else pending.last_modified)
            save_state(self.store, state)
        retire_others(self.store, self.configured)

    def _add(self, key: str, doc: RawDocument, entry_id: str | None) -> None:
        self.documents.append(doc)
        self._origin[doc.content_hash].append((key, entry_id))


def read_sources(configured: Config, store: Store, now: datetime, *,
                 client: httpx.Client | None = None) -> SourceBatch:
    """Read every folder, and every feed whose interval (or backoff) has passed."""
    settings, config = configured.settings, configured.sources
    batch = SourceBatch(store, now, configured={s.key for s in (*config.folders, *config.feeds)})
    for folder in config.folders:
        _read_folder(batch, folder, settings.poll_interval)
    states = {feed.key: get_state(store, feed.key) for feed in config.feeds}
    due = [f for f in config.feeds if health.due(states[f.key], now)]
    if due:
        own = client is None
        client = client or make_client(config.fetch)
        try:
            for feed in due:
                state = states[feed.key] or SourceState(key=feed.key, kind="feed", name=feed.name)
                _read_feed(batch, feed, state, client, config, settings)
        finally:
            if own:
                client.close()
    return batch


def _state(store: Store, key: str, kind: str, name: str) -> SourceState:
    existing = get_state(store, key)
    return SourceState(key=key, kind=kind, name=name) if existing is None else existing


def _read_folder(batch: SourceBatch, folder: FolderSource, interval: int) -> None:
    pending = _Pending(_state(batch.store, folder.key, "folder", folder.name), interval)
    batch._pending[folder.key] = pending
    try:
        scan = scan_folder(folder.path, folder.settle_seconds)
    except SourceError as e:
        logger.warning("skipped %s", e)
        batch.failures.append(str(e))
        pending.error = str(e)
        return
    for doc in scan.documents:
        batch._add(folder.key, doc, None)
    batch.failures.extend(scan.failures)
    if scan.failures:  # the folder is readable, but someone should look at these files
        pending.error = f"{len(scan.failures)} unreadable file(s), e.g. {scan.failures[0]}"


def _read_feed(batch: SourceBatch, feed: FeedSource, state: SourceState, client: httpx.Client,
               config: SourcesConfig, settings: Settings) -> None:
    pending = _Pending(state, feed.interval)
    batch._pending[feed.key] = pending
    try:
        result = fetch(client, feed.url, config.fetch, etag=state.etag, last_modified=state.last_modified)
        if result.not_modified:
            logger.info("%s: not modified", feed.name)
            return
        parsed = parse_feed(result.body, feed=feed.url, content_type=result.content_type, encoding=feed.encoding,
                            tz=settings.tz, name=feed.name)
    except SourceError as e:
        logger.warning("feed %s failed: %s", feed.name, e)
        batch.failures.append(str(e))
        pending.error = str(e)
        return
    except Exception as e:  # a bug or a feed nobody foresaw must not stop the other feeds
        logger.exception("feed %s failed unexpectedly", feed.name)
        message = f"{feed.url}: {e.__class__.__name__}: {e}"
        batch.failures.append(message)
        pending.error = message
        return
    batch.parsed_feeds += 1
    pending.etag, pending.last_modified = result.etag, result.last_modified
    seen = seen_entry_ids(batch.store, feed.key, [e.entry_id for e in parsed.entries])
    fresh = [e for e in parsed.entries if e.entry_id not in seen]
    logger.info("%s: %d entries, %d new", feed.name, len(parsed.entries), len(fresh))
    if feed.fetch_full_text:  # only new entries; a page that fails leaves the teaser, not a feed error
        fresh = with_full_text(fresh, client, config.fetch, feed=feed.name, limit=feed.full_text_limit,
                               known=batch.store.has_document)
    for entry in fresh:
        batch._add(feed.key, entry.document, entry.entry_id)
