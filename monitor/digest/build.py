"""Build a Digest view: the period's stored articles grouped by topic, stories by importance.

The period is [end of the previous digest of the same name, now): no gaps, no
overlaps; the first digest takes everything stored so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.digest.period import (
    DigestItem,
    PeriodCache,
    PeriodData,
    StoryCopy,
    highlight,
    load_period,
    prepare,
    safe_link,
)
from monitor.facts import Facts
from monitor.facts.summary import MoneyLine, money_box
from monitor.sources.health import Attention
from monitor.store import Store, StoredArticle
from monitor.topics import TopicSet

__all__ = ["OTHER_MODES", "Digest", "DigestItem", "PeriodCache", "StoryCopy", "TopicSection", "build_digest",
           "group_articles", "highlight", "period_digest", "safe_link"]

OTHER_SECTION_ID = "other"
OTHER_SECTION_NAME = "기타"
# How the "other" section (articles of no topic) is shown: every headline, a short list, or not at all.
OTHER_MODES = ("headlines", "collapsed", "off")


@dataclass(frozen=True, slots=True)
class TopicSection:
    topic_id: str
    name: str
    description: str | None
    items: tuple[DigestItem, ...]  # most important first
    money: tuple[MoneyLine, ...] = ()  # the section's money box: one line per announcement (facts.summary)
    more: int = 0  # stories of the period this view leaves out (an email's cap); the report has them

    @property
    def story_count(self) -> int:
        return len(self.items) + self.more

    @property
    def update_count(self) -> int:
        return sum(1 for item in self.items if item.update)


@dataclass(frozen=True, slots=True)
class Digest:
    name: str
    period_start: datetime | None
    period_end: datetime
    generated_at: datetime
    timezone: str
    sections: tuple[TopicSection, ...]  # one per configured topic, in config order, then "other"
    article_count: int
    attention: tuple[Attention, ...] = ()  # sources failing or silent for too long
    story_count: int = 0  # stories shown, each once however many sections it is in
    outlet_count: int = 0  # outlets that ran them
    other: str = "headlines"  # how the "other" section is shown (OTHER_MODES)

    @property
    def is_empty(self) -> bool:
        return self.article_count == 0

    @property
    def topic_sections(self) -> tuple[TopicSection, ...]:
        return tuple(s for s in self.sections if s.topic_id != OTHER_SECTION_ID)

    @property
    def other_section(self) -> TopicSection | None:
        return next((s for s in self.sections if s.topic_id == OTHER_SECTION_ID), None)


def build_digest(store: Store, topics: TopicSet, now: datetime, timezone: str, name: str = "daily",
                 topic_filter: Sequence[str] | None = None, attention: Sequence[Attention] = (),
                 other: str = "headlines", periods: PeriodCache | None = None) -> Digest:
    """Collect everything ingested since the previous digest called `name`."""
    previous = store.last_digest(name)
    start = previous.period_end if previous else None
    return period_digest(store, topics, name=name, start=start, end=now, timezone=timezone,
                         topic_filter=topic_filter, attention=attention, other=other, periods=periods)


def period_digest(store: Store, topics: TopicSet, *, name: str, start: datetime | None, end: datetime,
                  timezone: str, topic_filter: Sequence[str] | None = None,
                  attention: Sequence[Attention] = (), other: str = "headlines",
                  periods: PeriodCache | None = None) -> Digest:
    """The digest of the articles ingested in [start, end), each story shown once with its outlets.

    The report and every recipient's email are built here, so they fold stories alike; with
    `periods` they share one reading of the period.
    """
    data = periods.get(start, end) if periods is not None else load_period(store, topics, start, end)
    return group_period(data, topics, name=name, timezone=timezone, topic_filter=topic_filter,
                        attention=attention, other=other)


def group_articles(stored: Sequence[StoredArticle], topics: TopicSet, *, name: str, start: datetime | None,
                   end: datetime, timezone: str, topic_filter: Sequence[str] | None = None,
                   stories: Mapping[int, Sequence[StoredArticle]] | None = None,
                   attention: Sequence[Attention] = ()) -> Digest:
    """Group articles under each topic they belong to; the rest under "other" (see `group_period`)."""
    data = prepare(stored, topics, start=start, end=end, stories=stories)
    return group_period(data, topics, name=name, timezone=timezone, topic_filter=topic_filter, attention=attention)


def group_period(data: PeriodData, topics: TopicSet, *, name: str, timezone: str,
                 topic_filter: Sequence[str] | None = None, attention: Sequence[Attention] = (),
                 other: str = "headlines") -> Digest:
    """File each prepared item under its topics; a story is shown once per section, by its first article."""
    wanted = [t for t in topics.topics if topic_filter is None or t.id in topic_filter]
    by_topic: dict[str, list[DigestItem]] = {t.id: [] for t in wanted}
    by_topic[OTHER_SECTION_ID] = []
    shown: dict[str, set[int]] = {}  # section -> story ids already in it
    counted: set[int] = set()
    for entry in data.stored:
        story_id = data.story_of.get(entry.id)
        filed = [tid for tid in entry.topics if tid in by_topic and tid != OTHER_SECTION_ID]
        # Without a filter `by_topic` holds every configured topic, so tags of a topic since
        # removed from topics.toml count as none here (until `reclassify`).
        if not filed and topic_filter is None:
            filed = [OTHER_SECTION_ID]  # a subscription to some topics has no "other" section
        for topic_id in filed:
            seen = shown.setdefault(topic_id, set())
            counted.add(entry.id)
            if story_id is not None and story_id in seen:
                continue  # a copy of a story this section already shows
            if story_id is not None:
                seen.add(story_id)
            by_topic[topic_id].append(data.items[entry.id])
    for items in by_topic.values():
        items.sort(key=lambda item: item.importance, reverse=True)
    sections = [TopicSection(t.id, t.name, t.description, tuple(by_topic[t.id]), _money(by_topic[t.id], data.facts))
                for t in wanted]
    if topic_filter is None and other != "off":
        sections.append(TopicSection(OTHER_SECTION_ID, OTHER_SECTION_NAME, None, tuple(by_topic[OTHER_SECTION_ID])))
    shown_items = [item for s in sections for item in s.items]
    stories = {item.story_id if item.story_id is not None else -item.article_id for item in shown_items}
    outlet_names = {outlet for item in shown_items for outlet in item.outlet_names}
    return Digest(name, data.start, data.end, data.end, timezone, tuple(sections), len(counted), tuple(attention),
                  story_count=len(stories), outlet_count=len(outlet_names), other=other)


def _money(items: Sequence[DigestItem], copies_of: Mapping[int, Sequence[Facts]]) -> tuple[MoneyLine, ...]:
    # An update's money was in the digest that first showed its story.
    return money_box((item.headline, copies_of[item.article_id]) for item in items if not item.update)
