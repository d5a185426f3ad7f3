"""Build a Digest view: the period's stored articles grouped by topic.

The period is [end of the previous digest of the same name, now): no gaps, no
overlaps; the first digest takes everything stored so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup, escape

from monitor.store import Store, StoredArticle
from monitor.topics import TopicSet

OTHER_SECTION_ID = "other"
OTHER_SECTION_NAME = "기타"


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One article as the digest shows it."""

    article_id: int
    headline: str
    source_name: str
    published: date | None
    byline: str | None
    outlet: str | None
    summary_html: Markup  # escaped summary with matched keywords in <mark>
    keywords: tuple[str, ...]
    topic_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TopicSection:
    topic_id: str
    name: str
    description: str | None
    items: tuple[DigestItem, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    name: str
    period_start: datetime | None
    period_end: datetime
    generated_at: datetime
    timezone: str
    sections: tuple[TopicSection, ...]  # one per configured topic, in config order, then "other"
    article_count: int

    @property
    def is_empty(self) -> bool:
        return self.article_count == 0


def build_digest(store: Store, topics: TopicSet, now: datetime, timezone: str, name: str = "daily",
                 topic_filter: Sequence[str] | None = None) -> Digest:
    """Collect everything ingested since the previous digest called `name`."""
    previous = store.last_digest(name)
    start = previous.period_end if previous else None
    stored = store.articles_between(start, now)
    return group_articles(stored, topics, name=name, start=start, end=now, timezone=timezone,
                          topic_filter=topic_filter)


def group_articles(stored: Sequence[StoredArticle], topics: TopicSet, *, name: str, start: datetime | None,
                   end: datetime, timezone: str, topic_filter: Sequence[str] | None = None) -> Digest:
    """Group articles under each topic they belong to; the rest under "other"."""
    wanted = [t for t in topics.topics if topic_filter is None or t.id in topic_filter]
    by_topic: dict[str, list[DigestItem]] = {t.id: [] for t in wanted}
    other: list[DigestItem] = []
    for entry in stored:
        item = _item(entry, topics)
        filed = [tid for tid in entry.topics if tid in by_topic]
        for topic_id in filed:
            by_topic[topic_id].append(item)
        if not entry.topics:
            other.append(item)
    sections = [TopicSection(t.id, t.name, t.description, tuple(by_topic[t.id])) for t in wanted]
    if topic_filter is None:
        sections.append(TopicSection(OTHER_SECTION_ID, OTHER_SECTION_NAME, None, tuple(other)))
    count = len({item.article_id for section in sections for item in section.items})
    return Digest(name, start, end, end, timezone, tuple(sections), count)


def _item(entry: StoredArticle, topics: TopicSet) -> DigestItem:
    article = entry.article
    keywords = tuple(dict.fromkeys(k for ks in entry.topics.values() for k in ks))
    summary = article.summary or article.text[:300]
    return DigestItem(
        article_id=entry.id,
        headline=article.headline or _first_words(article.text),
        source_name=entry.document_name,
        published=article.published,
        byline=article.byline,
        outlet=article.outlet,
        summary_html=highlight(summary, topics.highlight_spans(summary, list(entry.topics))),
        keywords=keywords,
        topic_ids=tuple(entry.topics),
    )


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> Markup:
    """Escape `text`, wrapping each (start, end) span in <mark>."""
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        if start < cursor:
            continue
        parts.append(str(escape(text[cursor:start])))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(str(escape(text[cursor:])))
    return Markup("".join(parts))


def _first_words(text: str, limit: int = 40) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= limit else first[:limit].rstrip() + "…"
