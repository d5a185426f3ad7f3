"""Feed bytes -> entries -> RawDocuments (RSS 0.9x/1.0/2.0 and Atom, via feedparser).

Decoding happens before feedparser (encoding.py) because feedparser alone
reads undeclared EUC-KR as windows-1252. A feed feedparser calls ill-formed
("bozo") still yields every entry it could read; a response that is not a feed
at all (an HTML error page parses with no version and no entries) is an error.

Identity of an entry: its guid/id, else its link, else a hash of title+date.
Publishers that change guids or links for the same item are caught later by
the content hash (title + text), which the database keeps unique.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

import feedparser

from monitor.errors import SourceError
from monitor.models import RawDocument
from monitor.sources.encoding import CONTROL_CHARACTERS, as_utf8_feed, decode_feed
from monitor.sources.folder import content_hash
from monitor.sources.html import html_to_text

logger = logging.getLogger(__name__)

SEOUL = ZoneInfo("Asia/Seoul")
# Korean sites write dates that neither RFC 822 nor ISO 8601 parsers accept,
# and feedparser mis-reads some of them (2024.05.01 became 1 November).
KOREAN_DATE = re.compile(
    r"^\s*(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*일?\.?"  # 2024.05.01 / 2024-5-1 / 2024년 5월 1일
    r"(?:\s*(?:\(\S\))?\s*(?:(오전|오후)\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"  # optional (수) 오후 3:05:00
)
# Zone names feedparser and email.utils do not know, as RFC 822 offsets.
ZONE_NAMES = {"KST": "+0900", "JST": "+0900"}


class FeedParseError(SourceError):
    """The response is not a feed (no version and no entries)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry as a document, with the id that identifies it within its feed."""

    entry_id: str
    document: RawDocument


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    version: str  # feedparser's name: rss20, rss10, atom10, ...
    encoding: str  # codec the bytes were decoded with
    problem: str | None  # feedparser's bozo exception, when the feed is ill-formed
    entries: tuple[FeedEntry, ...]


def parse_feed(data: bytes, *, feed: str, content_type: str | None = None, encoding: str | None = None,
               tz: tzinfo = SEOUL, name: str | None = None) -> ParsedFeed:
    """Decode and parse feed bytes; `feed` labels the documents and the log lines.

    The feed's title, then `name` (the source's configured name), go on every entry as
    the publishers the source names, for articles whose text names no outlet.

    >>> parsed = parse_feed(open("tests/data/feeds/rss20.xml", "rb").read(), feed="rss20.xml")  # doctest: +SKIP
    >>> parsed.version, parsed.entries[0].document.title                                      # doctest: +SKIP
    ('rss20', '전북도, 스마트시티 공모 선정')
    """
    decoded = decode_feed(data, content_type=content_type, override=encoding, source=feed)
    result = feedparser.parse(as_utf8_feed(decoded.text), sanitize_html=False, resolve_relative_uris=False,
                              response_headers={"content-type": "application/xml; charset=utf-8"})
    if not result.get("version") and not result.entries:
        reason = f": {result.get('bozo_exception')}" if result.get("bozo") else ""
        raise FeedParseError(feed, f"not an RSS or Atom feed{reason}", hint="check the URL in a browser")
    problem = str(result.get("bozo_exception")) if result.get("bozo") else None
    if problem:
        logger.warning("%s: ill-formed feed (%s); keeping the %d entries read", feed, problem, len(result.entries))
    title = _clean_line(result.feed.get("title", "")) or None
    publishers = tuple(p for p in (title, name) if p)
    entries = []
    for number, entry in enumerate(result.entries):
        converted = entry_document(entry, feed=feed, encoding=decoded.encoding, tz=tz, publishers=publishers)
        if converted is None:
            logger.warning("%s: entry %d has no title and no text; skipped", feed, number + 1)
            continue
        entries.append(converted)
    return ParsedFeed(title, result.get("version", ""), decoded.encoding, problem, tuple(entries))


def entry_document(entry: Any, *, feed: str, encoding: str = "utf-8", tz: tzinfo = SEOUL,
                   publishers: tuple[str, ...] = ()) -> FeedEntry | None:
    """One feedparser entry as a RawDocument; None when it carries no text at all."""
    title = _clean_line(entry.get("title", ""))
    text = CONTROL_CHARACTERS.sub("", html_to_text(_body_html(entry)))
    if not title and not text:
        return None
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created") or ""
    published = parse_date(raw_date, entry.get("published_parsed") or entry.get("updated_parsed"), tz)
    link = (entry.get("link") or "").strip() or None
    entry_id = (entry.get("id") or "").strip() or link or content_hash(f"{title}\n{raw_date}")
    author = _clean_line(entry.get("author", "")) or None
    body = text or title
    document = RawDocument(
        source=link or f"{feed}#{entry_id}",
        name=title or entry_id,
        text=body,
        # Title and text together: two entries with an empty summary must not collide,
        # and a re-published item with a new guid but the same words must.
        content_hash=content_hash(f"{title}\n\n{body}"),
        encoding=encoding,
        link=link,
        feed=feed,
        title=title or None,
        published=published,
        author=author,
        publishers=publishers,
    )
    return FeedEntry(entry_id, document)


def parse_date(raw: str, parsed: Any = None, tz: tzinfo = SEOUL) -> datetime | None:
    """A timezone-aware datetime from a feed date; `tz` (Asia/Seoul) when the feed names no zone."""
    raw = (raw or "").strip()
    if raw:
        candidate = raw
        for name, offset in ZONE_NAMES.items():
            candidate = re.sub(rf"\b{name}\b", offset, candidate)
        moment = _rfc822(candidate) or _iso(candidate) or _korean(candidate)
        if moment is not None:
            return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    if parsed:  # feedparser's own reading, always UTC; only when ours found nothing
        logger.debug("date %r read by feedparser only", raw)
        return datetime(*parsed[:6], tzinfo=UTC)
    return None


def _rfc822(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # "-0000" means "zone unknown" in RFC 2822; email.utils returns it naive.
    return moment


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _korean(value: str) -> datetime | None:
    match = KOREAN_DATE.match(value)
    if not match:
        return None
    year, month, day, half, hour, minute, second = match.groups()
    hours = int(hour or 0)
    if half == "오후" and hours < 12:
        hours += 12
    elif half == "오전" and hours == 12:
        hours = 0
    try:
        return datetime(int(year), int(month), int(day), hours, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def _body_html(entry: Any) -> str:
    """The fullest HTML the entry carries: the longest `content`, else the summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    best = max(contents, key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary


def _clean_line(value: str) -> str:
    """A title or name on one line: markup, control characters and runs of space removed."""
    text = html_to_text(CONTROL_CHARACTERS.sub("", value or ""))
    return " ".join(text.split())


FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")


def is_feed_location(given: str) -> bool:
    """True for an http(s):// URL or a file named like a feed (.xml, .rss, .atom, .rdf)."""
    return given.startswith(("http://", "https://")) or given.lower().endswith(FEED_SUFFIXES)


def read_feed_location(given: str, *, tz: tzinfo = SEOUL) -> list[RawDocument]:
    """The entries of one feed file or URL as documents, for `monitor analyze` (no state kept)."""
    if given.startswith(("http://", "https://")):
        from monitor.sources.http import FetchPolicy, fetch, make_client

        policy = FetchPolicy()
        with make_client(policy) as client:
            result = fetch(client, given, policy)
        data, content_type = result.body, result.content_type
    else:
        try:
            with open(given, "rb") as handle:
                data, content_type = handle.read(), None
        except OSError as e:
            raise SourceError(given, f"cannot be read: {e.strerror or e}") from e
    return [entry.document for entry in parse_feed(data, feed=given, content_type=content_type, tz=tz).entries]
