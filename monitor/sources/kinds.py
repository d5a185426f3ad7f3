"""Kinds of source behind one small protocol, in a registry keyed by kind.

A kind is what `[[sources.<kind>]]` declares in monitor.toml (`folder`, `feed`) and what
`SourceState.kind` records. This module is its whole contract: the config reader
(sources/config.py), one ingest pass (collect.py), source health (health.py) and
`monitor sources` know kinds only through it. Adding one (an IMAP mailbox, a web page to
watch) is one new module defining a `SourceKind` and `register`-ing it, named in
`BUILTIN_KINDS` so that it is loaded.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from monitor.config_file import Check
from monitor.models import RawDocument
from monitor.settings import Settings
from monitor.sources.folder import FileStamp
from monitor.sources.http import FetchPolicy
from monitor.store import Store
from monitor.store.sources import SourceState

# The modules that register the kinds monitor ships, in the order a pass reads them.
BUILTIN_KINDS = ("monitor.sources.folder_source", "monitor.sources.feed_source")

KeySpec = tuple[Any, Check, Any]  # the key's type(s), its check, its default (None: none)


class Source(Protocol):
    """One configured source: a frozen dataclass of its kind's module."""

    @property
    def key(self) -> str: ...  # "<kind>:<where>", unique; the SourceState row's key

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...


@dataclass(slots=True)
class Outcome:
    """A source's outcome in one pass, saved by `Pass.finish` when the pass ends."""

    state: SourceState
    interval: int
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    stored: int = 0
    lost: bool = False  # an entry of this fetch was not stored: keep the old validators


class Pass(Protocol):
    """What a kind reads into during one ingest pass (collect.SourceBatch)."""

    store: Store
    now: datetime
    settings: Settings
    fetch: FetchPolicy  # the limits every HTTP request of the pass obeys
    failures: list[str]  # one line per source or item skipped
    parsed_feeds: int
    unchanged: int  # items skipped unread: as they were when taken in

    def begin(self, source: Source, interval: int, state: SourceState | None = None) -> Outcome:
        """Start recording `source` for this pass (its health is saved from the Outcome)."""
        ...

    def add(self, key: str, doc: RawDocument, entry_id: str | None) -> None:
        """A document read from the source `key` (`entry_id`: marked seen once it is stored)."""
        ...

    def stream(self, documents: Iterable[RawDocument]) -> None:
        """Documents read only when the pipeline reaches them (a folder's files, one at a time);
        the source calls `note` for each as it yields it."""
        ...

    def note(self, key: str, doc: RawDocument, entry_id: str | None = None,
             file: tuple[str, FileStamp] | None = None) -> None:
        """Where a streamed document came from: a feed entry, or a folder file and its look."""
        ...


class SourceKind(Protocol):
    """One kind of source: its config keys, how to build it, read it and show it."""

    name: str  # the `[[sources.<name>]]` table and the SourceState kind
    keys: Mapping[str, KeySpec]
    required: tuple[str, ...]  # keys without which a table is refused
    unique: tuple[str, ...]  # attributes two sources of this kind may not share (besides the name)
    may_fall_silent: bool  # True: answering without anything new for long needs attention

    def build(self, values: Mapping[str, Any], settings: Settings) -> Source:
        """The typed source from its validated keys (absent keys hold their default)."""
        ...

    def where(self, source: Any) -> str:
        """Where it reads from, for `monitor sources` (a path, a URL)."""
        ...

    def read(self, sources: Sequence[Any], into: Pass) -> None:
        """Read every source of this kind that is due into `into`; a failing one is recorded, not raised."""
        ...


_KINDS: dict[str, SourceKind] = {}


def register(kind: SourceKind) -> SourceKind:
    """Add a kind to the registry (a kind module calls it at import)."""
    _KINDS[kind.name] = kind
    return kind


def source_kinds() -> Mapping[str, SourceKind]:
    """Every registered kind by name, the built-in ones first (loaded on first use) in their order."""
    for module in BUILTIN_KINDS:
        importlib.import_module(module)
    rank = {module: i for i, module in enumerate(BUILTIN_KINDS)}
    ordered = sorted(_KINDS.values(), key=lambda kind: rank.get(type(kind).__module__, len(rank)))  # stable
    return {kind.name: kind for kind in ordered}


def kind_of(name: str) -> SourceKind | None:
    """The kind called `name`; None for one no longer known (a retired source's state)."""
    return source_kinds().get(name)
