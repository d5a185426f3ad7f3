"""Stories: the articles of one event, folded; shown once with their best headline and outlets.

    >>> from monitor.models import Article
    >>> a = Article("a.txt", 0, "광주시, 국비 62억 확보", "광주시는 국비 62억원을 확보했다고 8일 밝혔다.", "")
    >>> b = Article("b.txt", 0, "광주시국비62억확보", "광주시는국비62억원을확보했다고8일밝혔다.", "")
    >>> [story.headline for story in fold_articles([a, b])]
    ['광주시, 국비 62억 확보']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from monitor.models import Article
from monitor.stories.index import FoldRules, NewArticle, StoryIndex

# A headline outside these lengths is probably a cut-off fragment or a whole lead.
HEADLINE_CHARS = (8, 80)


@dataclass(frozen=True, slots=True)
class Story:
    """One event as several outlets reported it; `members` in the order they were folded."""

    id: int
    members: tuple[Article, ...]

    @property
    def headline(self) -> str | None:
        return best_headline(self.members)

    @property
    def first(self) -> Article:
        return first_article(self.members)

    @property
    def outlets(self) -> tuple[str, ...]:
        return outlets(self.members)


UNKNOWN_OUTLET = "언론사 미상"  # neither the text nor its source names the outlet: never a file name instead


def outlet_name(article: Article) -> str:
    """The outlet the text names, else the one its source names (feed title, configured name)."""
    return article.outlet or article.publisher or UNKNOWN_OUTLET


def first_article(members: Sequence[Article]) -> Article:
    """Who ran it first: the earliest publication date; undated copies count as later, then folding order."""
    order = {id(article): position for position, article in enumerate(members)}
    return min(members, key=lambda a: (a.published or date.max, order[id(a)]))


def outlets(members: Sequence[Article]) -> tuple[str, ...]:
    """Distinct outlets, the first publisher first."""
    first = first_article(members)
    return tuple(dict.fromkeys([outlet_name(first), *(outlet_name(a) for a in members)]))


def best_headline(members: Sequence[Article]) -> str | None:
    """The most readable headline: typed with spaces (not a glued PDF line), of a sane length, earliest."""
    shortest, longest = HEADLINE_CHARS

    def quality(item: tuple[int, Article]) -> tuple[bool, bool, bool, int]:
        position, article = item
        headline = (article.headline or "").strip()
        return (not article.spacing_restored, " " in headline, shortest <= len(headline) <= longest, -position)

    with_headline = [(i, a) for i, a in enumerate(members) if (a.headline or "").strip()]
    if not with_headline:
        return None
    _, best = max(with_headline, key=quality)
    return (best.headline or "").strip()


class InvocationFolder:
    """Fold the articles of one invocation (`monitor analyze`); no database.

    `fold` takes the whole batch (StoryIndex.fold_batch): IDF is learned from the batch
    and the stories do not depend on the order of the articles. Story numbers count from
    1 in order of first appearance.
    """

    def __init__(self, rules: FoldRules | None = None) -> None:
        self._index = StoryIndex(rules)
        self._numbers: dict[int, int] = {}
        self._count = 0

    def fold(self, articles: Sequence[Article]) -> list[int]:
        batch = [NewArticle(self._count + i + 1, a.text, a.headline, a.published) for i, a in enumerate(articles)]
        self._count += len(batch)
        return [self._numbers.setdefault(int(a.story), len(self._numbers) + 1)  # type: ignore[call-overload]
                for a in self._index.fold_batch(batch)]



def fold_articles(articles: Iterable[Article], rules: FoldRules | None = None) -> list[Story]:
    """Fold a batch of articles into stories, in order of each story's first article."""
    batch = list(articles)
    grouped: dict[int, list[Article]] = {}
    for article, number in zip(batch, InvocationFolder(rules).fold(batch), strict=True):
        grouped.setdefault(number, []).append(article)
    return [Story(number, tuple(members)) for number, members in grouped.items()]
