"""Build a Digest view: the period's stored articles grouped by topic.

The period is [end of the previous digest of the same name, now): no gaps, no
overlaps; the first digest takes everything stored so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup, escape

from monitor.facts import Facts, article_facts
from monitor.facts.summary import MoneyLine, money_box
from monitor.sources.health import Attention
from monitor.store import Store, StoredArticle
from monitor.store.stories import story_ids, story_members
from monitor.stories.story import best_headline, outlet_name, outlets
from monitor.text.titles import derived_title
from monitor.topics import TopicSet

OTHER_SECTION_ID = "other"
OTHER_SECTION_NAME = "기타"
REGION_TAGS = 4  # region tags per story; more is noise (every 도 a text mentions in passing)


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One article as the digest shows it."""

    article_id: int
    headline: str  # the headline, or a title derived from the lead when the text has none
    source_name: str
    published: date | None
    byline: str | None
    outlet: str | None
    summary_html: Markup  # escaped summary with matched keywords in <mark>
    keywords: tuple[str, ...]
    topic_ids: tuple[str, ...]
    # The story this article stands for: copies by other outlets are folded into this item.
    story_id: int | None = None
    outlets: tuple[str, ...] = ()  # every outlet that ran the story, who ran it first first
    copies: tuple[StoryCopy, ...] = ()  # the other articles of the story, each still reachable
    regions: tuple[str, ...] = ()  # regions named, the main one first
    link: str | None = None  # where to read the article (feed entries), http(s) only
    derived: bool = False  # `headline` is the lead's first clause, not a headline the text gives
    # A story an earlier digest already showed, back because more outlets ran it: shown as an
    # update ("보도 2곳 추가"), its money not counted again.
    update: bool = False
    added: tuple[str, ...] = ()  # for an update: the outlets new in this period


@dataclass(frozen=True, slots=True)
class StoryCopy:
    article_id: int
    headline: str
    outlet: str
    source_name: str
    published: date | None
    link: str | None = None


@dataclass(frozen=True, slots=True)
class TopicSection:
    topic_id: str
    name: str
    description: str | None
    items: tuple[DigestItem, ...]
    money: tuple[MoneyLine, ...] = ()  # the section's money box: one line per announcement (facts.summary)


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

    @property
    def is_empty(self) -> bool:
        return self.article_count == 0


def build_digest(store: Store, topics: TopicSet, now: datetime, timezone: str, name: str = "daily",
                 topic_filter: Sequence[str] | None = None, attention: Sequence[Attention] = ()) -> Digest:
    """Collect everything ingested since the previous digest called `name`."""
    previous = store.last_digest(name)
    start = previous.period_end if previous else None
    return period_digest(store, topics, name=name, start=start, end=now, timezone=timezone,
                         topic_filter=topic_filter, attention=attention)


def period_digest(store: Store, topics: TopicSet, *, name: str, start: datetime | None, end: datetime,
                  timezone: str, topic_filter: Sequence[str] | None = None,
                  attention: Sequence[Attention] = ()) -> Digest:
    """The digest of the articles ingested in [start, end), each story shown once with its outlets.

    The report and every recipient's email are built here, so they fold stories alike.
    """
    stored = store.articles_between(start, end)
    members = story_members(store, set(story_ids(store, [entry.id for entry in stored]).values()))
    return group_articles(stored, topics, name=name, start=start, end=end, timezone=timezone,
                          topic_filter=topic_filter, stories=members, attention=attention)


def group_articles(stored: Sequence[StoredArticle], topics: TopicSet, *, name: str, start: datetime | None,
                   end: datetime, timezone: str, topic_filter: Sequence[str] | None = None,
                   stories: Mapping[int, Sequence[StoredArticle]] | None = None,
                   attention: Sequence[Attention] = ()) -> Digest:
    """Group articles under each topic they belong to; the rest under "other".

    With `stories` (story id -> every member, from the store) a story is shown once per
    section, by its first article in the period, with all its outlets.
    """
    wanted = [t for t in topics.topics if topic_filter is None or t.id in topic_filter]
    by_topic: dict[str, list[DigestItem]] = {t.id: [] for t in wanted}
    other: list[DigestItem] = []
    story_of = {m.id: story_id for story_id, ms in (stories or {}).items() for m in ms}
    in_period = {entry.id for entry in stored}
    shown: dict[str, set[int]] = {}  # section -> story ids already in it
    facts_of: dict[int, Facts] = {}  # article id -> its facts, read once for region tags and the money box
    counted: set[int] = set()
    for entry in stored:
        story_id = story_of.get(entry.id)
        members = (stories or {}).get(story_id, ()) if story_id else ()
        facts_of[entry.id] = article_facts(entry.article)
        item = _item(entry, topics, facts_of[entry.id], story_id, members, in_period)
        filed = [tid for tid in entry.topics if tid in by_topic]
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
            (other if topic_id == OTHER_SECTION_ID else by_topic[topic_id]).append(item)
    # The money box states each story's figures once, whichever of its copies in the period state them.
    copies_of: dict[int, list[Facts]] = {article_id: [facts] for article_id, facts in facts_of.items()}
    for ms in (stories or {}).values():
        for m in ms:
            if m.id in facts_of:
                copies_of[m.id] = [facts_of[m.id], *(facts_of[o.id] for o in ms if o.id in facts_of and o.id != m.id)]
    sections = [TopicSection(t.id, t.name, t.description, tuple(by_topic[t.id]), _money(by_topic[t.id], copies_of))
                for t in wanted]
    if topic_filter is None:
        sections.append(TopicSection(OTHER_SECTION_ID, OTHER_SECTION_NAME, None, tuple(other)))
    return Digest(name, start, end, end, timezone, tuple(sections), len(counted), tuple(attention))


def _money(items: Sequence[DigestItem], copies_of: Mapping[int, Sequence[Facts]]) -> tuple[MoneyLine, ...]:
    # An update's money was in the digest that first showed its story.
    return money_box((item.headline, copies_of[item.article_id]) for item in items if not item.update)


def _item(entry: StoredArticle, topics: TopicSet, facts: Facts, story_id: int | None = None,
          members: Sequence[StoredArticle] = (), in_period: set[int] | frozenset[int] = frozenset()) -> DigestItem:
    article = entry.article
    # Members ingested before this period were shown by an earlier digest: this item is an update,
    # and `added` names the outlets of its reports new in this period.
    earlier = [m for m in members if m.id not in in_period and m.ingested_at < entry.ingested_at]
    added = tuple(dict.fromkeys(outlet_name(m.article) for m in members if m.id in in_period)) if earlier else ()
    keywords = tuple(dict.fromkeys(k for ks in entry.topics.values() for k in ks))
    summary = article.summary or article.text[:300]
    member_articles = [m.article for m in members] or [article]
    headline = best_headline(member_articles) or article.headline
    copies = tuple(StoryCopy(m.id, m.article.headline or _derived(m.article.text), outlet_name(m.article),
                             m.document_name, m.article.published, safe_link(m.link))
                   for m in members if m.id != entry.id)
    return DigestItem(
        story_id=story_id,
        outlets=outlets(member_articles) if members else (),
        update=bool(earlier),
        added=added,
        copies=copies,
        regions=tuple(r.name for r in facts.regions[:REGION_TAGS]),
        article_id=entry.id,
        headline=headline or _derived(article.text),
        derived=headline is None,
        source_name=entry.document_name,
        link=safe_link(entry.link),
        published=article.published,
        byline=article.byline,
        outlet=article.outlet,
        summary_html=highlight(summary, topics.highlight_spans(summary, list(entry.topics))),
        keywords=keywords,
        topic_ids=tuple(entry.topics),
    )


def safe_link(url: str | None) -> str | None:
    """A link a reader may click: http(s) only, since feeds are untrusted (`javascript:` URLs)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


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


def _derived(text: str) -> str:
    """A title derived from the lead, for an article the text gives no headline."""
    return derived_title(text) or "(본문 없음)"
