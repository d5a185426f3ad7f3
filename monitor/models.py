"""Typed objects passed between the pipeline's stages.

    Source -> RawDocument -> text pipeline -> [Article] -> classify -> [TopicMatch]
    -> stories -> Store -> Digest -> render -> Deliverer

All are frozen: a stage returns new objects instead of changing the ones it got.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

# C0 controls but tab and line ends, and DEL: nothing in news text means them, and a NUL
# cannot be stored in a PostgreSQL text column at all (one NUL once stopped every ingest).
# (The sources use the same pattern on feeds before parsing: sources.encoding imports it.)
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A source's title or author longer than this is not one (a feed once sent a 5 MB title).
TITLE_CHARS = 1_000


def without_controls(text: str) -> str:
    """`text` without the control characters no stage or database should ever see."""
    return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read from a source, decoded to text."""

    source: str  # the path as given, or the feed/entry URL
    name: str  # short display name (file name, feed entry title)
    text: str  # decoded text, not yet cleaned
    content_hash: str  # sha256 hex of the text after NFC; the identity used for idempotent ingest
    encoding: str = "utf-8"  # the codec the bytes were decoded with
    link: str | None = None  # entry link, for feed documents
    feed: str | None = None  # feed URL or name, for feed documents
    title: str | None = None  # title given by the source (feeds), used when the text has none
    published: datetime | None = None  # publication time given by the source (feeds)
    author: str | None = None  # author given by the source (feeds)
    # Who the source says publishes it, best first: the feed's title, then the source's configured name.
    publishers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # The one boundary every source passes: what comes in is cleaned here, once.
        # Names and addresses keep what they are called by (the log escapes it) but a NUL.
        for name in ("text", "title", "author"):
            value = getattr(self, name)
            if value is not None:
                value = without_controls(value)
                object.__setattr__(self, name, value if name == "text" else value[:TITLE_CHARS])
        for name in ("source", "name", "link", "feed"):
            value = getattr(self, name)
            if value is not None and "\x00" in value:
                object.__setattr__(self, name, value.replace("\x00", ""))


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article cut out of a RawDocument by the text pipeline."""

    source: str  # RawDocument.source
    index: int  # n-th article in that document, from 0
    headline: str | None
    text: str  # clean body; paragraphs separated by a blank line; no byline, no chrome
    summary: str  # 2-3 sentence lead
    sentences: tuple[str, ...] = ()
    subheadlines: tuple[str, ...] = ()
    byline: str | None = None  # reporter name, e.g. "이만호"
    outlet: str | None = None  # e.g. "광주일보", "동아경제신문"
    published: date | None = None  # the publication date the text itself shows (입력, 승인, 게재 …)
    spacing_restored: bool = False  # True when the text had lost its spaces and Kiwi restored them
    original_text: str | None = None  # body before spacing restoration, when it was restored
    # The best date known and where it came from: "text" (= published), else "feed" (the entry's
    # date), else "file" (a saved page's metadata); None when nothing dates the article.
    dated: date | None = None
    date_source: str | None = None
    publisher: str | None = None  # the outlet the source names (feed title, configured name), canonical


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """The outcome of one topic for one article, with its evidence."""

    topic_id: str
    score: float
    min_score: float
    accepted: bool
    keywords: tuple[str, ...] = ()  # configured keywords (or alias groups) that matched
    evidence: tuple[str, ...] = field(default=())  # human-readable lines: keyword, field, count, snippet
    vetoed_by: str | None = None  # exclusion phrase that vetoed the match
    missing: tuple[str, ...] = ()  # require-groups that found nothing
