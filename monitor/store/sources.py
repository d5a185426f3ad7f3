"""Persistence of source state: validators, health, and feed entries already taken in.

Kept apart from store.py because only the sources use it. Times are naive UTC
in the database and aware UTC here, as in the rest of the Store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Column, delete, func, insert, select, update

from monitor.logs import escape_controls
from monitor.sources.folder import RETRY_FAILED_NS, FileStamp
from monitor.store import schema
from monitor.store.store import Store, chunks, from_db, to_db

# A feed entry the text pipeline failed on is skipped for as long as a folder's file is.
RETRY_FAILED = timedelta(microseconds=RETRY_FAILED_NS // 1000)
TIME_FIELDS = ("last_attempt", "last_success", "last_error_at", "failing_since", "next_attempt",
               "first_new_at", "last_new_at")


@dataclass(frozen=True, slots=True)
class SourceState:
    """One source's row: what `monitor sources` lists and the health checks read."""

    key: str
    kind: str  # feed | folder
    name: str
    active: bool = True
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    failing_since: datetime | None = None
    consecutive_failures: int = 0
    next_attempt: datetime | None = None
    entries_seen: int = 0  # a running tally (lost by a killed pass): `taken_in` counts what is stored
    first_new_at: datetime | None = None
    last_new_at: datetime | None = None
    new_passes: int = 0


def entry_key(entry_id: str) -> str:
    return hashlib.sha256(entry_id.encode("utf-8")).hexdigest()


def load_states(store: Store, *, active_only: bool = False) -> list[SourceState]:
    """Every source's state, by kind then name."""
    s = schema.source_state
    query = select(s).order_by(s.c.kind, s.c.name)
    if active_only:
        query = query.where(s.c.active.is_(True))
    with store.engine.connect() as conn:
        return [_state(row) for row in conn.execute(query).mappings()]


def get_state(store: Store, key: str) -> SourceState | None:
    s = schema.source_state
    with store.engine.connect() as conn:
        row = conn.execute(select(s).where(s.c.key == key)).mappings().first()
    return _state(row) if row else None


def taken_in(store: Store, state: SourceState) -> int:
    """How many of this source's entries or files are stored: counted, not kept as a tally.

    The tally in source_state is written at the end of a pass, so a pass killed after
    storing its documents lost their count for good (98 shown where 320 were stored).
    A feed's entries are remembered once their document is stored; a folder's files are
    the documents whose path lies in it.
    """
    if state.kind == "feed":
        e = schema.feed_entries
        query = select(func.count()).select_from(e).where(e.c.source_key == state.key)
    else:
        d = schema.documents
        prefix = state.key.removeprefix("folder:").rstrip("/") + "/"
        in_folder = func.substr(d.c.source, 1, len(prefix)) == prefix
        query = select(func.count()).select_from(d).where(d.c.feed.is_(None), in_folder)
    with store.engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def save_state(store: Store, state: SourceState) -> None:
    """Insert or replace one source's row."""
    s = schema.source_state
    values = {f.name: getattr(state, f.name) for f in fields(SourceState)}
    for name in TIME_FIELDS:
        if values[name] is not None:
            values[name] = to_db(values[name])
    with store.engine.begin() as conn:
        exists = conn.scalar(select(s.c.key).where(s.c.key == state.key))
        if exists is None:
            conn.execute(insert(s).values(**values))
        else:
            conn.execute(update(s).where(s.c.key == state.key).values(**values))


def retire_others(store: Store, keys: Iterable[str]) -> None:
    """Mark sources no longer configured inactive: kept for history, never reported."""
    s = schema.source_state
    with store.engine.begin() as conn:
        conn.execute(update(s).where(s.c.key.not_in(list(keys))).values(active=False))


def seen_entry_ids(store: Store, source_key: str, entry_ids: Iterable[str]) -> set[str]:
    """Which of these entry ids this feed delivered before."""
    by_key = {entry_key(i): i for i in entry_ids}
    if not by_key:
        return set()
    e = schema.feed_entries
    with store.engine.connect() as conn:
        found = conn.scalars(select(e.c.entry_key).where(e.c.source_key == source_key,
                                                          e.c.entry_key.in_(list(by_key))))
        return {by_key[k] for k in found}


@dataclass(frozen=True, slots=True)
class SeenEntry:
    """A feed entry whose document is stored (or was found stored already)."""

    source_key: str
    entry_id: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class FailedEntry:
    """A feed entry the text pipeline failed on: nothing of it is stored."""

    source_key: str
    entry_id: str


@dataclass(frozen=True, slots=True)
class SeenFile:
    """A folder file whose document is stored (or that the text pipeline failed on: `stamp.failed`),
    with how it looked when read."""

    source_key: str
    name: str
    stamp: FileStamp
    content_hash: str


def record_seen(store: Store, entries: Sequence[SeenEntry], files: Sequence[SeenFile], now: datetime,
                failed: Sequence[FailedEntry] = ()) -> None:
    """Remember entries and files, after their documents are committed, and the entries the text
    pipeline failed on: one transaction for a batch."""
    if not entries and not files and not failed:
        return
    e, f, x = schema.feed_entries, schema.inbox_files, schema.failed_entries
    with store.engine.begin() as conn:
        # An entry stored at last, or failed again, replaces its failure: one row per entry, the latest.
        done = {(entry.source_key, entry_key(entry.entry_id)): entry.entry_id for entry in (*entries, *failed)}
        for source_key in {key for key, _ in done}:
            for chunk in chunks([k for s, k in done if s == source_key]):
                conn.execute(delete(x).where(x.c.source_key == source_key, x.c.entry_key.in_(chunk)))
        failures = {(entry.source_key, entry_key(entry.entry_id)): entry.entry_id for entry in failed}
        if failures:
            conn.execute(insert(x), [{"source_key": s, "entry_key": k, "entry_id": entry_id, "failed_at": to_db(now)}
                                     for (s, k), entry_id in failures.items()])
        fresh: dict[tuple[str, str], SeenEntry] = {}
        for entry in entries:
            fresh.setdefault((entry.source_key, entry_key(entry.entry_id)), entry)
        for source_key in {key for key, _ in fresh}:
            keys = [k for s, k in fresh if s == source_key]
            for chunk in chunks(keys):
                for found in conn.scalars(select(e.c.entry_key).where(e.c.source_key == source_key,
                                                                       e.c.entry_key.in_(chunk))):
                    fresh.pop((source_key, found))
        if fresh:
            conn.execute(insert(e), [{"source_key": s, "entry_key": k, "entry_id": entry.entry_id,
                                      "content_hash": entry.content_hash, "first_seen": to_db(now)}
                                     for (s, k), entry in fresh.items()])
        latest = {(file.source_key, file.name): file for file in files}  # a file read twice: its last look
        for source_key in {key for key, _ in latest}:
            for chunk in chunks([name for s, name in latest if s == source_key]):
                conn.execute(delete(f).where(f.c.source_key == source_key, f.c.name.in_(chunk)))
        if latest:
            conn.execute(insert(f), [{"source_key": file.source_key, "name": file.name, "size": file.stamp.size,
                                      "mtime_ns": file.stamp.mtime_ns, "checked_ns": file.stamp.checked_ns,
                                      "content_hash": file.content_hash, "failed": file.stamp.failed}
                                     for file in latest.values()])


def known_files(store: Store, source_key: str) -> dict[str, FileStamp]:
    """A folder's files as they looked when taken in, by name."""
    f = schema.inbox_files
    with store.engine.connect() as conn:
        rows = conn.execute(select(f.c.name, f.c.size, f.c.mtime_ns, f.c.checked_ns, f.c.failed)
                            .where(f.c.source_key == source_key)).all()
    return {name: FileStamp(size, mtime_ns, checked_ns, bool(failed))
            for name, size, mtime_ns, checked_ns, failed in rows}


def failed_files(store: Store, source_key: str) -> list[str]:
    """The names of a folder's files the text pipeline failed on (nothing of them stored), sorted."""
    f = schema.inbox_files
    with store.engine.connect() as conn:
        return list(conn.scalars(select(f.c.name).where(f.c.source_key == source_key, f.c.failed)
                                 .order_by(f.c.name)))


def failed_entries(store: Store, source_key: str) -> dict[str, datetime]:
    """A feed's entries the text pipeline failed on: entry id -> when it last failed."""
    x = schema.failed_entries
    with store.engine.connect() as conn:
        rows = conn.execute(select(x.c.entry_id, x.c.failed_at).where(x.c.source_key == source_key)).all()
    return {entry_id: from_db(failed_at) for entry_id, failed_at in rows}  # type: ignore[misc]


def forget_failed_entries(store: Store, source_key: str, entry_ids: Iterable[str]) -> None:
    """Drop the failures of entries the feed no longer lists: they will not come back to be retried."""
    _forget(store, schema.failed_entries.c.entry_key, source_key, (entry_key(i) for i in entry_ids))


def not_taken_in(store: Store, kind: str, source_key: str, shown: int = 5) -> str | None:
    """What `monitor sources` and `monitor status` say of what of a source the text pipeline failed on
    (a folder's files, a feed's entries; names escaped), or None when there is none."""
    feed = kind == "feed"
    names = sorted(failed_entries(store, source_key)) if feed else failed_files(store, source_key)
    if not names:
        return None
    listed = ", ".join(escape_controls(name) for name in names[:shown])
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    every = f"{RETRY_FAILED_NS / 3_600_000_000_000:g} h"
    what, again = ("entry(ies)", "retried") if feed else ("file(s)", "read again when changed, retried")
    return (f"{len(names)} {what} not taken in, the text pipeline failed on them ({again} every {every}): "
            f"{listed}{more}")


def forget_files(store: Store, source_key: str, names: Iterable[str]) -> None:
    """Drop the records of files no longer in the folder."""
    _forget(store, schema.inbox_files.c.name, source_key, names)


def _forget(store: Store, column: Column[str], source_key: str, values: Iterable[str]) -> None:
    """Delete the source's rows whose `column` holds one of `values`, in one transaction."""
    gone = sorted(values)
    if not gone:
        return
    table = column.table
    with store.engine.begin() as conn:
        for chunk in chunks(gone):
            conn.execute(delete(table).where(table.c.source_key == source_key, column.in_(chunk)))


def _state(row) -> SourceState:  # type: ignore[no-untyped-def]
    values = {f.name: row[f.name] for f in fields(SourceState)}
    for name in TIME_FIELDS:
        values[name] = from_db(values[name])
    values["active"] = bool(values["active"])
    return SourceState(**values)
