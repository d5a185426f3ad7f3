"""What an article says about its event: weighted terms, figures, dates and places.

Korean outlets rewrite one press release rather than copy it, so two reports of
one event may share only a fifth of their wording while two different events on
one programme (this year's 공모 and its 결과) share their whole background. The
profile therefore keeps, besides the words, the facts an event is pinned to:

    terms       character bigrams inside words: spacing-blind, particle-blind
                (순천시는 / 순천시가 share 순천, 천시), weighted later by rarity (similarity.py)
    figures     numbers with their unit (190대, 33억원, 14곳, 2024년) and the money amounts in won:
                rewrites repeat the release's figures, other events have other figures
    years       the years the text names (2023년): one year's 공고 vs the next
    days        announcement days (23일 밝혔다, 23일 국토부에 따르면): a release is dated once
    regions     places named (monitor.facts), the main one first
    published   the date the text shows (article.published)

    >>> p = event_profile("광주시는 국비 62억원을 확보했다고 8일 밝혔다.", headline="광주시 국비 62억 확보")
    >>> sorted(p.days), sorted(p.money)
    ([8], [6200000000])
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from monitor.facts import find_amounts, find_regions

# Runs of letters and digits: "words" (eojeol, or a whole glued PDF line; bigrams survive both).
WORD = re.compile(r"[0-9A-Za-z가-힣]+")
# A number with the unit that says what it counts. 여/약/여개 between them is "about" (140여대).
# Alternatives, longest first inside each family:
FIGURE = re.compile(
    r"(?<![0-9.,])(\d[\d,]*(?:\.\d+)?)\s*(?:여\s*)?"
    r"(억\s*원|억|조\s*원|조|천만\s*원|백만\s*원|만\s*원|원"  # money (also read as won by monitor.facts)
    r"|대|곳|명|개소|개사|개|건|가구|세대|호|동|톤|㎿|MW|kW|㎾|ha|%|배"  # counts and measures
    r"|년)")  # years and durations (2024년, 3년간)
# A day of the month that dates the announcement: "23일 밝혔다", "23일 국토교통부에 따르면",
# "23일 발표한". Other days (16일부터 접수, 오는 8일) are schedule, not the report's date.
ANNOUNCE_DAY = re.compile(
    r"(?<![0-9])([1-9]|[12][0-9]|3[01])일\s*"
    r"(?:(?:[가-힣A-Za-z0-9·]+\s*){0,3}?(?:에\s*따르면|에\s*의하면)"  # 23일 국토교통부에 따르면
    r"|(?:밝혔|밝히|발표|전했|알렸|공고했|공개했|설명했|말했|선정됐|선정했|확정했|개최했|열린|열렸))")
YEAR = re.compile(r"(?<![0-9])(20[0-4][0-9])\s*년")
# The lead holds the event: figures and days there are the event's own, later ones may be background.
LEAD_CHARS = 600
# A glued or restored text may read 1,581세대 as 1581세대: digits only, no separators.
_SEPARATORS = re.compile(r"[,\s]")
# 160억 and 160억원 are one figure.
_WON_AFTER_UNIT = re.compile(r"^(억|조|천만|백만|만)원$")


@dataclass(frozen=True, slots=True)
class EventProfile:
    """The event-bearing facts of one article (see the module docstring)."""

    terms: dict[str, int]  # bigram -> count
    figures: frozenset[str]  # "190대", "33억원", "2024년" (normalised: digits and unit, no spaces)
    money: frozenset[int]  # every amount in won
    years: Counter[int]  # year -> mentions
    days: frozenset[int]  # announcement days of the month
    regions: tuple[str, ...]  # canonical names, the main one first
    published: date | None

    @property
    def main_year(self) -> int | None:
        """The year the text names most (ties: none): the year of the event, when a text dates it."""
        top = self.years.most_common(2)
        if not top or (len(top) == 2 and top[0][1] == top[1][1]):
            return None
        return top[0][0]


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def bigrams(text: str) -> Counter[str]:
    """Character bigrams inside each word; a word of one or two characters counts as itself."""
    counts: Counter[str] = Counter()
    for word in WORD.findall(text):
        if len(word) <= 2:
            counts[word] += 1
        else:
            counts.update(word[i:i + 2] for i in range(len(word) - 1))
    return counts


def figures_of(text: str) -> frozenset[str]:
    """Normalised figures: digits without separators, the unit without spaces and without 원 after 억/조/만."""
    return frozenset(_SEPARATORS.sub("", number) + _WON_AFTER_UNIT.sub(r"\1", _SEPARATORS.sub("", unit))
                     for number, unit in FIGURE.findall(text))


def event_profile(text: str, headline: str | None = None, published: date | None = None) -> EventProfile:
    """The profile of one article body (with its headline, which names the event most plainly)."""
    full = normalize("\n\n".join(part for part in (headline or "", text) if part))
    lead = full[:LEAD_CHARS]
    return EventProfile(
        terms=dict(bigrams(full)),
        figures=figures_of(full),
        money=frozenset(a.krw for a in find_amounts(full)),
        years=Counter(int(y) for y in YEAR.findall(full)),
        days=frozenset(int(d) for d in ANNOUNCE_DAY.findall(lead)),
        regions=tuple(r.name for r in find_regions(text, headline=headline)),
        published=published,
    )
