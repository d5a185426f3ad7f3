"""The `feed` kind: `[[sources.feed]]`, an RSS/Atom feed polled on its own interval."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from monitor.errors import SourceError
from monitor.settings import Settings
from monitor.sources import health
from monitor.sources.encoding import normalize_codec
from monitor.sources.feeds import parse_feed
from monitor.sources.fulltext import with_full_text
from monitor.sources.http import fetch, make_client
from monitor.sources.kinds import KeySpec, Pass, register
from monitor.store.sources import (
    RETRY_FAILED,
    SourceState,
    failed_entries,
    forget_failed_entries,
    get_state,
    seen_entry_ids,
)
from monitor.validators import DAY, anything, between, check_http_url, nonempty

logger = logging.getLogger(__name__)

# Article pages fetched per feed per pass, one after the other: a feed that
# suddenly lists 500 new entries must not turn into 500 requests to one site.
DEFAULT_FULL_TEXT_LIMIT = 20
FEED = "feed"


@dataclass(frozen=True, slots=True)
class FeedSource:
    """One `[[sources.feed]]`."""

    url: str
    name: str
    interval: int  # seconds between two polls of this feed
    encoding: str | None = None  # override: a Python codec name, wins over anything the feed says
    fetch_full_text: bool = False  # fetch each new entry's page for the article (fulltext.py)
    full_text_limit: int = DEFAULT_FULL_TEXT_LIMIT  # pages fetched per pass at most, one after the other

    @property
    def key(self) -> str:
        return f"feed:{self.url}"

    @property
    def kind(self) -> str:
        return FEED


def _codec(value: str) -> str | None:
    return None if normalize_codec(value) else 'a charset name such as "euc-kr", "cp949" or "utf-8"'


class FeedKind:
    name = FEED
    keys: Mapping[str, KeySpec] = {
        "url": (str, check_http_url, None),
        "name": (str, nonempty(), None),
        "interval": (int, between(60, 30 * DAY, "a whole number of seconds"), None),
        "encoding": (str, _codec, None),
        "fetch_full_text": (bool, anything, False),
        "full_text_limit": (int, between(1, 1000), DEFAULT_FULL_TEXT_LIMIT),
    }
    required = ("url",)
    unique = ("url",)
    may_fall_silent = True  # a press room that answers but publishes nothing for days is worth a look

    def build(self, values: Mapping[str, Any], settings: Settings) -> FeedSource:
        url = values["url"].strip()
        parts = urlsplit(url)
        # Without a name, host and path: unique like the URL, and short enough for a listing.
        default_name = f"{parts.hostname}{parts.path}".rstrip("/")
        return FeedSource(url=url, name=values["name"] or default_name,
                          interval=values["interval"] or settings.poll_interval,
                          encoding=normalize_codec(values["encoding"]) if values["encoding"] else None,
                          fetch_full_text=values["fetch_full_text"], full_text_limit=values["full_text_limit"])

    def where(self, source: FeedSource) -> str:
        return source.url

    def read(self, sources: Sequence[FeedSource], into: Pass) -> None:
        """Every feed whose interval (or backoff) has passed, through one HTTP client."""
        states = {feed.key: get_state(into.store, feed.key) for feed in sources}
        due = [f for f in sources if health.due(states[f.key], into.now)]
        if not due:
            return
        with make_client(into.fetch) as client:
            for feed in due:
                state = states[feed.key] or SourceState(key=feed.key, kind=FEED, name=feed.name)
                _read_feed(into, feed, state, client)


def _read_feed(batch: Pass, feed: FeedSource, state: SourceState, client: httpx.Client) -> None:
    pending = batch.begin(feed, feed.interval, state)
    failed = failed_entries(batch.store, feed.key)
    retry = {entry_id for entry_id, at in failed.items() if batch.now - at >= RETRY_FAILED}
    # An entry due for retry is only in the body: a 304 would keep it from its retry.
    etag, last_modified = (None, None) if retry else (state.etag, state.last_modified)
    try:
        result = fetch(client, feed.url, batch.fetch, etag=etag, last_modified=last_modified)
        if result.not_modified:
            logger.info("%s: not modified", feed.name)
            return
        parsed = parse_feed(result.body, feed=feed.url, content_type=result.content_type, encoding=feed.encoding,
                            tz=batch.settings.tz, name=feed.name)
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
    listed = {e.entry_id for e in parsed.entries}
    forget_failed_entries(batch.store, feed.key, failed.keys() - listed)
    seen = seen_entry_ids(batch.store, feed.key, listed)
    # The text pipeline failed on these: not fetched and analysed again every poll, until their retry.
    waiting = {entry_id for entry_id in failed.keys() & listed if entry_id not in retry}
    fresh = [e for e in parsed.entries if e.entry_id not in seen and e.entry_id not in waiting]
    logger.info("%s: %d entries, %d new%s", feed.name, len(parsed.entries), len(fresh),
                f", {len(waiting)} left for their retry: the text pipeline failed on them" if waiting else "")
    if feed.fetch_full_text:  # only new entries; a page that fails leaves the teaser, not a feed error
        fresh = with_full_text(fresh, client, batch.fetch, feed=feed.name, limit=feed.full_text_limit,
                               known=batch.store.has_document)
    for entry in fresh:
        batch.add(feed.key, entry.document, entry.entry_id)


register(FeedKind())
