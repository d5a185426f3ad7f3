"""Source health: how each pass changes a source's state, and which sources need attention.

A source "needs attention" when it has been failing for longer than
`failing_after`, or when a feed that does answer has brought nothing new for
longer than usual: more than three of its usual gaps between new entries, and
never less than `silent_after` (press rooms are quiet over a long weekend).
Only kinds that say they may fall silent are ever "silent" (feeds; a folder gets files when
people have some).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from monitor.sources.kinds import kind_of
from monitor.store import Store
from monitor.store.sources import SourceState, load_states

MAX_BACKOFF = timedelta(hours=6)  # a feed that fails all day is still tried four times a day
SILENT_GAPS = 3  # this many usual gaps without a new entry is "silent"
DEFAULT_FAILING_AFTER = 24 * 3600
DEFAULT_SILENT_AFTER = 3 * 24 * 3600  # a long weekend plus a day


class Thresholds(Protocol):
    """When a source needs attention: `[sources] failing_after` and `silent_after` (a SourcesConfig)."""

    failing_after: int
    silent_after: int


@dataclass(frozen=True, slots=True)
class Attention:
    """One line for the digest's "sources needing attention" and `monitor sources`."""

    key: str
    name: str
    kind: str
    reason: str  # failing | silent
    message: str  # one line, e.g. "failing since 2025-06-20 08:00 UTC (5 attempts): HTTP 500"
    since: datetime | None


def due(state: SourceState | None, now: datetime) -> bool:
    """True when a source should be polled now (never polled, or its next attempt has come)."""
    return state is None or state.next_attempt is None or state.next_attempt <= now


def after_success(state: SourceState, now: datetime, *, interval: int, new_entries: int,
                  etag: str | None = None, last_modified: str | None = None) -> SourceState:
    """State after a pass that read the source (including a 304)."""
    changed = replace(
        state, active=True, last_attempt=now, last_success=now, consecutive_failures=0, failing_since=None,
        next_attempt=now + timedelta(seconds=interval),
        etag=etag if etag is not None else state.etag,
        last_modified=last_modified if last_modified is not None else state.last_modified,
    )
    return _count_new(changed, now, new_entries)


def after_failure(state: SourceState, now: datetime, *, interval: int, error: str,
                  new_entries: int = 0) -> SourceState:
    """State after a failed pass; the next attempt backs off exponentially up to MAX_BACKOFF.

    `new_entries` counts what a partly failed pass still took in (a folder with one bad file).
    """
    failures = state.consecutive_failures + 1
    wait = min(timedelta(seconds=interval) * 2 ** (failures - 1), max(MAX_BACKOFF, timedelta(seconds=interval)))
    failed = replace(state, active=True, last_attempt=now, last_error=error, last_error_at=now,
                     failing_since=state.failing_since or now, consecutive_failures=failures,
                     next_attempt=now + wait)
    return _count_new(failed, now, new_entries)


def _count_new(state: SourceState, now: datetime, new_entries: int) -> SourceState:
    if not new_entries:
        return state
    return replace(state, entries_seen=state.entries_seen + new_entries, first_new_at=state.first_new_at or now,
                   last_new_at=now, new_passes=state.new_passes + 1)


def usual_gap(state: SourceState) -> timedelta | None:
    """Average time between passes that brought new entries, once there are two."""
    if state.new_passes < 2 or state.first_new_at is None or state.last_new_at is None:
        return None
    return (state.last_new_at - state.first_new_at) / (state.new_passes - 1)


def needs_attention(state: SourceState, now: datetime, *, failing_after: int = DEFAULT_FAILING_AFTER,
                    silent_after: int = DEFAULT_SILENT_AFTER) -> Attention | None:
    """Why this source needs a human, or None."""
    if not state.active:
        return None
    if state.consecutive_failures and state.failing_since is not None:
        if now - state.failing_since >= timedelta(seconds=failing_after):
            return Attention(state.key, state.name, state.kind, "failing",
                             f"failing since {_when(state.failing_since)} ({state.consecutive_failures} "
                             f"attempt(s)): {state.last_error}", state.failing_since)
        return None
    kind = kind_of(state.kind)
    if kind is None or not kind.may_fall_silent or state.last_new_at is None:
        return None
    gap = usual_gap(state)
    limit = max(timedelta(seconds=silent_after), SILENT_GAPS * gap if gap else timedelta(0))
    if now - state.last_new_at > limit:
        usually = f", usually every {_span(gap)}" if gap else ""
        return Attention(state.key, state.name, state.kind, "silent",
                         f"no new entry since {_when(state.last_new_at)}{usually}", state.last_new_at)
    return None


def sources_needing_attention(store: Store, now: datetime, *, failing_after: int = DEFAULT_FAILING_AFTER,
                              silent_after: int = DEFAULT_SILENT_AFTER) -> list[Attention]:
    """Configured sources failing too long or silent too long, for the digest.

    >>> for item in sources_needing_attention(store, datetime.now(UTC)):   # doctest: +SKIP
    ...     print(item.name, item.message)
    전북도청 failing since 2025-06-20 08:00 UTC (7 attempt(s)): https://…/rss.xml: HTTP 500 Internal Server Error
    """
    found = (needs_attention(s, now, failing_after=failing_after, silent_after=silent_after)
             for s in load_states(store, active_only=True))
    return [a for a in found if a is not None]


def attention_for(sources: Thresholds, store: Store, now: datetime) -> list[Attention]:
    """sources_needing_attention with the thresholds configured in monitor.toml."""
    return sources_needing_attention(store, now, failing_after=sources.failing_after,
                                     silent_after=sources.silent_after)


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z")


def _span(gap: timedelta) -> str:
    hours = gap.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"
