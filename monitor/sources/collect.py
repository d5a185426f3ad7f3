"""One pass over every configured source (each kind reads its own: sources/kinds.py) -> RawDocuments.

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

from monitor.configuration import Config
from monitor.models import RawDocument
from monitor.settings import Settings
from monitor.sources import health
from monitor.sources.http import FetchPolicy
from monitor.sources.kinds import Outcome, Source, source_kinds
from monitor.store import Store
from monitor.store.sources import SourceState, get_state, mark_entry_seen, retire_others, save_state

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class SourceBatch:
    """The documents of one pass, with the bookkeeping the pipeline reports back to."""

    store: Store
    now: datetime
    settings: Settings
    fetch: FetchPolicy
    documents: list[RawDocument] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line per source or file skipped
    parsed_feeds: int = 0  # feeds whose body was parsed this pass (a 304 is not)
    configured: set[str] = field(default_factory=set)  # keys of every configured source
    _pending: dict[str, Outcome] = field(default_factory=dict)
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

    def begin(self, source: Source, interval: int, state: SourceState | None = None) -> Outcome:
        """Start recording `source` for this pass; `finish` saves its health from the Outcome."""
        state = state or get_state(self.store, source.key) or SourceState(key=source.key, kind=source.kind,
                                                                          name=source.name)
        outcome = self._pending[source.key] = Outcome(state, interval)
        return outcome

    def add(self, key: str, doc: RawDocument, entry_id: str | None) -> None:
        """A document read from the source `key`; `entry_id` is marked seen once it is stored."""
        self.documents.append(doc)
        self._origin[doc.content_hash].append((key, entry_id))


def read_sources(configured: Config, store: Store, now: datetime) -> SourceBatch:
    """Read every source that is due, kind by kind (sources/kinds.py): folders every pass, feeds on their interval."""
    config = configured.sources
    batch = SourceBatch(store, now, configured.settings, config.fetch, configured={s.key for s in config.sources})
    for kind in source_kinds().values():
        mine = config.of_kind(kind.name)
        if mine:
            kind.read(mine, batch)
    return batch
