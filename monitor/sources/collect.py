"""One pass over every configured source (each kind reads its own: sources/kinds.py) -> RawDocuments.

The pipeline stores the documents; this module remembers what they came from
so that source state is written only *after* the effect:

- a feed entry id, or a folder file's name, size and mtime, is remembered only
  once its document is stored (or found stored already: a publisher that
  changed the guid of an item we have), in one transaction per batch (`flush`);
- a feed's ETag / Last-Modified are saved only when every new entry of that
  fetch was stored or remembered as failed (the text pipeline failed on it:
  retried after RETRY_FAILED, the feed then fetched in full); otherwise a 304
  on the next poll would lose the entry, so the next poll fetches the whole
  feed again;
- health (success, error, failures in a row) is saved at the end of the pass.

Every source is its own boundary: one that fails is logged, recorded and
counted, and the others go on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from monitor.configuration import Config
from monitor.models import RawDocument
from monitor.settings import Settings
from monitor.sources import health
from monitor.sources.folder import FileStamp
from monitor.sources.http import FetchPolicy
from monitor.sources.kinds import Outcome, Source, source_kinds
from monitor.store import Store
from monitor.store.sources import (
    FailedEntry,
    SeenEntry,
    SeenFile,
    SourceState,
    get_state,
    record_seen,
    retire_others,
    save_state,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a document of the pass came from: a feed entry, or a folder file and its look."""

    key: str
    entry_id: str | None
    file: tuple[str, FileStamp] | None  # (name, stamp) for a folder file


@dataclass(slots=True)
class SourceBatch:
    """The documents of one pass, with the bookkeeping the pipeline reports back to.

    Documents are read as `documents()` is iterated (a folder's files one at a time: a pass
    never holds the whole inbox); what `done` learns is written by `flush`, in one
    transaction per batch.
    """

    store: Store
    now: datetime
    settings: Settings
    fetch: FetchPolicy
    failures: list[str] = field(default_factory=list)  # one line per source or file skipped
    parsed_feeds: int = 0  # feeds whose body was parsed this pass (a 304 is not)
    configured: set[str] = field(default_factory=set)  # keys of every configured source
    read: int = 0  # documents handed out so far
    unchanged: int = 0  # folder files skipped unread: as they were when taken in
    _streams: list[Iterator[RawDocument]] = field(default_factory=list)
    _pending: dict[str, Outcome] = field(default_factory=dict)
    _origin: dict[str, list[_Origin]] = field(default_factory=lambda: defaultdict(list))
    _entries: list[SeenEntry] = field(default_factory=list)  # to remember, at the next flush
    _files: list[SeenFile] = field(default_factory=list)
    _failed: list[FailedEntry] = field(default_factory=list)

    def documents(self) -> Iterator[RawDocument]:
        """Every document of the pass, source by source, in the order the kinds added them."""
        for stream in self._streams:
            for doc in stream:
                self.read += 1
                yield doc

    def begin(self, source: Source, interval: int, state: SourceState | None = None) -> Outcome:
        """Start recording `source` for this pass; `finish` saves its health from the Outcome."""
        state = state or get_state(self.store, source.key) or SourceState(key=source.key, kind=source.kind,
                                                                          name=source.name)
        outcome = self._pending[source.key] = Outcome(state, interval)
        return outcome

    def add(self, key: str, doc: RawDocument, entry_id: str | None) -> None:
        """A document read from the source `key`; `entry_id` is marked seen once it is stored."""
        self.note(key, doc, entry_id)
        self._streams.append(iter((doc,)))

    def stream(self, documents: Iterable[RawDocument]) -> None:
        """Documents read only when the pipeline reaches them; the source `note`s each as it yields it."""
        self._streams.append(iter(documents))

    def note(self, key: str, doc: RawDocument, entry_id: str | None = None,
             file: tuple[str, FileStamp] | None = None) -> None:
        """Where `doc` came from: remembered (entry seen, file's look) once it is stored."""
        self._origin[doc.content_hash].append(_Origin(key, entry_id, file))

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

    def unusable(self, doc: RawDocument) -> None:
        """The text pipeline failed on the document: nothing is stored. A folder file is remembered
        under its look, marked failed, and a feed entry as failed, so that neither is read and
        analysed again every poll (folder.RETRY_FAILED_NS); both are retried then."""
        for origin in self._origin.pop(doc.content_hash, []):
            if origin.file is not None:
                name, stamp = origin.file
                self._files.append(SeenFile(origin.key, name, stamp._replace(failed=True), doc.content_hash))
            elif origin.entry_id is not None:
                self._failed.append(FailedEntry(origin.key, origin.entry_id))
            else:
                self._pending[origin.key].lost = True

    def abandon(self) -> int:
        """The pass stops early: every document read but not stored is read again next pass (its
        feed keeps its old validators). Returns how many there were."""
        left = list(self._origin.values())
        for origins in left:
            for origin in origins:
                self._pending[origin.key].lost = True
        self._origin.clear()
        self._streams.clear()
        return len(left)

    def flush(self) -> None:
        """Remember the feed entries and files of the documents `done` since the last flush.

        Written after their documents are committed: a crash in between leaves them to be read
        again, found stored by their content hash, and remembered then.
        """
        record_seen(self.store, self._entries, self._files, self.now, self._failed)
        self._entries.clear()
        self._files.clear()
        self._failed.clear()

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


def read_sources(configured: Config, store: Store, now: datetime) -> SourceBatch:
    """Read every source that is due, kind by kind (sources/kinds.py): folders every pass, feeds on their interval."""
    config = configured.sources
    batch = SourceBatch(store, now, configured.settings, config.fetch, configured={s.key for s in config.sources})
    for kind in source_kinds().values():
        mine = config.of_kind(kind.name)
        if mine:
            kind.read(mine, batch)
    return batch
