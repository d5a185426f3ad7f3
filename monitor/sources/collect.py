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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from monitor.errors import SourceError
from monitor.models import RawDocument
from monitor.settings import Settings
from monitor.sources import health
from monitor.sources.config import FeedSource, FolderSource, SourcesConfig, load_sources
from monitor.sources.feeds import parse_feed
from monitor.sources.folder import FileStamp, FolderScan, iter_folder
from monitor.sources.fulltext import with_full_text
from monitor.sources.http import fetch, make_client
from monitor.store import Store
from monitor.store.sources import (
    SeenEntry,
    SeenFile,
    SourceState,
    forget_files,
    get_state,
    known_files,
    record_seen,
    retire_others,
    save_state,
    seen_entry_ids,
)

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
    """The documents of one pass, with the bookkeeping the pipeline reports back to.

    Folder documents are read as `documents()` is iterated (a pass never holds the whole
    inbox); what `done` learns is written by `flush`, in one transaction per batch.
    """

    store: Store
    now: datetime
    failures: list[str] = field(default_factory=list)  # one line per source or file skipped
    parsed_feeds: int = 0  # feeds whose body was parsed this pass (a 304 is not)
    configured: set[str] = field(default_factory=set)  # keys of every configured source
    read: int = 0  # documents handed out so far
    unchanged: int = 0  # folder files skipped unread: as they were when taken in
    _streams: list[Iterator[RawDocument]] = field(default_factory=list)
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _origin: dict[str, list[_Origin]] = field(default_factory=lambda: defaultdict(list))
    _entries: list[SeenEntry] = field(default_factory=list)  # to remember, at the next flush
    _files: list[SeenFile] = field(default_factory=list)

    def documents(self) -> Iterator[RawDocument]:
        """Every document of the pass: each folder's, read one at a time, then the feeds'."""
        for stream in self._streams:
            for doc in stream:
                self.read += 1
                yield doc

    def done(self, doc: RawDocument, *, new: bool) -> None:
        """The document is in the store (committed): stored now (`new`), or known by its content hash."""
        for origin in self._origin.pop(doc.content_hash, []):
            if origin.entry_id is not None:
                self._entries.append(SeenEntry(origin.key, origin.entry_id, doc.content_hash))
            if origin.file is not None:
                self._files.append(SeenFile(origin.key, *origin.file, doc.content_hash))
            if new:
                self._pending[origin.key].stored += 1

    def failed(self, doc: RawDocument) -> None:
        """The document could not be stored; its feed is fetched in full next time."""
        for origin in self._origin.pop(doc.content_hash, []):
            self._pending[origin.key].lost = True

    def flush(self) -> None:
        """Remember the feed entries and files of the documents `done` since the last flush.

        Written after their documents are committed: a crash in between leaves them to be read
        again, found stored by their content hash, and remembered then.
        """
        record_seen(self.store, self._entries, self._files, self.now)
        self._entries.clear()
        self._files.clear()

    def finish(self) -> None:
        """Save every source's state; call after the documents are handled."""
        self.flush()
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

    def _add(self, key: str, doc: RawDocument, entry_id: str | None = None,
             file: tuple[str, FileStamp] | None = None) -> None:
        self._origin[doc.content_hash].append(_Origin(key, entry_id, file))


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a document of the pass came from: a feed entry, or a folder file and its look."""

    key: str
    entry_id: str | None
    file: tuple[str, FileStamp] | None  # (name, stamp) for a folder file


def read_sources(settings: Settings, store: Store, now: datetime, *, client: httpx.Client | None = None,
                 config: SourcesConfig | None = None) -> SourceBatch:
    """Read every folder, and every feed whose interval (or backoff) has passed."""
    config = config or load_sources(settings)
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
    batch._streams.append(_folder_documents(batch, folder, pending))


def _folder_documents(batch: SourceBatch, folder: FolderSource, pending: _Pending) -> Iterator[RawDocument]:
    """The folder's new or changed files, read as the pipeline asks for them."""
    scan = FolderScan()
    known = known_files(batch.store, folder.key)
    try:
        for doc in iter_folder(folder.path, scan, folder.settle_seconds, known):
            batch._add(folder.key, doc, file=(doc.name, scan.stamps[doc.name]))
            yield doc
    except SourceError as e:
        logger.warning("skipped %s", e)
        batch.failures.append(str(e))
        pending.error = str(e)
        return
    forget_files(batch.store, folder.key, known.keys() - scan.names)  # a new file of a gone one's name is read
    batch.unchanged += scan.unchanged
    if scan.unchanged:
        logger.info("%s: %d file(s) unchanged since they were taken in", folder.name, scan.unchanged)
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
    batch._streams.append(iter([entry.document for entry in fresh]))
    for entry in fresh:
        batch._add(feed.key, entry.document, entry.entry_id)
