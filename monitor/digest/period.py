"""The period's data, read and prepared once: every article as the digest shows it, with its story.

A run writes one report and one email per recipient over (usually) the same
period. Reading the articles, their stories and their facts (regions, money: found
at ingest and stored, monitor.facts.stored) is most of a digest's cost, so it is
done once per run (`PeriodCache`) and each view (the report, a recipient's topics)
only groups the prepared items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from markupsafe import Markup, escape

from monitor.facts import Facts, article_facts
from monitor.gc_pause import paused_gc
from monitor.store import Store, StoredArticle
from monitor.store.stories import period_story_members
from monitor.stories.story import best_headline, outlet_name, outlets
from monitor.text.titles import derived_title
from monitor.topics import TopicSet

REGION_TAGS = 4  # region tags per story; more is noise (every 도 a text mentions in passing)


@dataclass(frozen=True, slots=True)
class StoryCopy:
    article_id: int
    headline: str
    outlet: str
    source_name: str
    published: date | None
    link: str | None = None


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
    ingested_at: datetime | None = None  # when it came in: the recency part of a story's importance

    @property
    def outlet_names(self) -> tuple[str, ...]:
        """Who ran it: the story's outlets, or the article's own outlet."""
        return self.outlets or ((self.outlet,) if self.outlet else ())

    @property
    def importance(self) -> tuple[int, float, int]:
        """Sort key, larger first: outlets that ran it, then recency, then how many keywords it matched."""
        stamp = self.ingested_at.timestamp() if self.ingested_at else 0.0
        return (len(self.outlet_names), stamp, len(self.keywords))


@dataclass(frozen=True, slots=True)
class PeriodData:
    """Everything stored in [start, end), prepared for grouping; see the module docstring."""

    start: datetime | None
    end: datetime
    stored: tuple[StoredArticle, ...]
    story_of: Mapping[int, int]  # article id -> story id
    items: Mapping[int, DigestItem]  # article id -> the item that shows it
    # article id -> its facts, then those of its story's other copies in the period (the money box
    # states each figure of a story once, whichever copies state it: facts.summary.money_box)
    facts: Mapping[int, tuple[Facts, ...]]


def load_period(store: Store, topics: TopicSet, start: datetime | None, end: datetime) -> PeriodData:
    """Read the period's articles and stories once and prepare every item."""
    return PeriodCache(store, topics).get(start, end)


def prepare(stored: Sequence[StoredArticle], topics: TopicSet, *, start: datetime | None, end: datetime,
            stories: Mapping[int, Sequence[StoredArticle]] | None = None) -> PeriodData:
    """Items and facts of `stored`; `stories` maps story id -> every member (from the store)."""
    stories = stories or {}
    story_of = {m.id: story_id for story_id, ms in stories.items() for m in ms}
    in_period = {entry.id for entry in stored}
    # The facts found at ingest; an article stored without them (or by older rules) is parsed here.
    facts_of = {entry.id: entry.facts or article_facts(entry.article) for entry in stored}
    shown: dict[int, _Story] = {}  # story id -> what each of its items shows alike
    items = {}
    for entry in stored:
        story_id = story_of.get(entry.id)
        members = stories.get(story_id, ()) if story_id is not None else ()
        story = None
        if story_id is not None and members:
            story = shown.get(story_id)
            if story is None:
                story = shown[story_id] = _story(members, in_period)
        items[entry.id] = _item(entry, topics, facts_of[entry.id], story_id, members, in_period, story)
    copies_of = {article_id: (facts,) for article_id, facts in facts_of.items()}
    for ms in stories.values():
        for m in ms:
            if m.id in facts_of:
                copies_of[m.id] = (facts_of[m.id], *(facts_of[o.id] for o in ms if o.id in facts_of and o.id != m.id))
    return PeriodData(start, end, tuple(stored), story_of, items, copies_of)


@dataclass(frozen=True, slots=True)
class _Read:
    """What was read of a period: its articles, and every member of their stories."""

    stored: tuple[StoredArticle, ...]
    stories: Mapping[int, Sequence[StoredArticle]]

    def within(self, start: datetime) -> _Read:
        """The read of the later part of this period, [start, end): the same rows, fewer of them."""
        stored = tuple(entry for entry in self.stored if entry.ingested_at >= start)
        ids = {entry.id for entry in stored}
        return _Read(stored, {story_id: members for story_id, members in self.stories.items()
                              if any(m.id in ids for m in members)})


@dataclass(slots=True)
class PeriodCache:
    """The periods one run has prepared, by (start, end): the report and each email share them.

    A period that ends where one already read ends and starts within it (a new recipient's first
    day, after a report over everything so far) is taken from that read, without the database:
    every member of its stories was read with the longer period's.
    """

    store: Store
    topics: TopicSet
    _periods: dict[tuple[datetime | None, datetime], PeriodData] = field(default_factory=dict)
    _reads: dict[tuple[datetime | None, datetime], _Read] = field(default_factory=dict)

    def get(self, start: datetime | None, end: datetime) -> PeriodData:
        key = (start, end)
        if key not in self._periods:
            with paused_gc():
                read = self._read(start, end)
                self._periods[key] = prepare(read.stored, self.topics, start=start, end=end, stories=read.stories)
        return self._periods[key]

    def _read(self, start: datetime | None, end: datetime) -> _Read:
        if start is not None:
            for (known_start, known_end), read in self._reads.items():
                if known_end == end and (known_start is None or known_start <= start):
                    return read.within(start)
        stored = tuple(self.store.articles_between(start, end, shown=True))
        read = self._reads[(start, end)] = _Read(stored, period_story_members(self.store, start, end, stored))
        return read


@dataclass(frozen=True, slots=True)
class _Story:
    """What every item of one story shows alike, found once per story rather than once per member."""

    headline: str | None  # the best of its members' headlines
    outlets: tuple[str, ...]
    copies: tuple[StoryCopy, ...]  # one per member, oldest first; an item shows the others
    added: tuple[str, ...]  # the outlets of its members in the period (for an update)


def _story(members: Sequence[StoredArticle], in_period: set[int]) -> _Story:
    articles = [m.article for m in members]
    copies = tuple(StoryCopy(m.id, m.article.headline or _derived(m.article.text), outlet_name(m.article),
                             m.document_name, m.article.published, safe_link(m.link)) for m in members)
    added = tuple(dict.fromkeys(outlet_name(m.article) for m in members if m.id in in_period))
    return _Story(best_headline(articles), outlets(articles), copies, added)


def _item(entry: StoredArticle, topics: TopicSet, facts: Facts, story_id: int | None,
          members: Sequence[StoredArticle], in_period: set[int], story: _Story | None) -> DigestItem:
    """`story`: what the items of its story show alike (`_story` of `members`), None outside a story."""
    article = entry.article
    # Members ingested before this period were shown by an earlier digest: this item is an update,
    # and `added` names the outlets of its reports new in this period.
    earlier = any(m.id not in in_period and m.ingested_at < entry.ingested_at for m in members)
    keywords = tuple(dict.fromkeys(k for ks in entry.topics.values() for k in ks))
    summary = article.summary or article.text[:300]
    headline = (story.headline if story is not None else best_headline([article])) or article.headline
    return DigestItem(
        story_id=story_id,
        outlets=story.outlets if story is not None else (),
        update=earlier,
        added=story.added if story is not None and earlier else (),
        copies=tuple(c for c in story.copies if c.article_id != entry.id) if story is not None else (),
        regions=tuple(r.name for r in facts.regions[:REGION_TAGS]),
        article_id=entry.id,
        headline=headline or _derived(article.text),
        derived=headline is None,
        source_name=entry.document_name,
        link=safe_link(entry.link),
        published=article.published,
        byline=article.byline,
        outlet=article.outlet,
        # An article of no topic has no keyword to mark (and is most of a period: skip the matcher).
        summary_html=highlight(summary, topics.highlight_spans(summary, list(entry.topics)) if entry.topics else ()),
        keywords=keywords,
        topic_ids=tuple(entry.topics),
        ingested_at=entry.ingested_at,
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
