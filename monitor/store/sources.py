"""Persistence of source state: validators, health, and feed entries already taken in.

Kept apart from store.py because only the sources use it. Times are naive UTC
in the database and aware UTC here, as in the rest of the Store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import func, insert, select, update

from monitor.store import schema
from monitor.store.store import Store, from_db, to_db

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


def mark_entry_seen(store: Store, source_key: str, entry_id: str, content_hash: str, now: datetime) -> None:
    """Remember an entry id, after its document is stored (or found stored already)."""
    e = schema.feed_entries
    key = entry_key(entry_id)
    with store.engine.begin() as conn:
        if conn.scalar(select(e.c.entry_key).where(e.c.source_key == source_key, e.c.entry_key == key)) is None:
            conn.execute(insert(e).values(source_key=source_key, entry_key=key, entry_id=entry_id,
                                          content_hash=content_hash, first_seen=to_db(now)))


def _state(row) -> SourceState:  # type: ignore[no-untyped-def]
    values = {f.name: row[f.name] for f in fields(SourceState)}
    for name in TIME_FIELDS:
        values[name] = from_db(values[name])
    values["active"] = bool(values["active"])
    return SourceState(**values)
