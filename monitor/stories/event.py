"""What an article says about its event: weighted terms, figures, dates and places.

Korean outlets rewrite one press release rather than copy it, so two reports of
one event may share only a fifth of their wording while two different events on
one programme (this year's 공모 and its 결과) share their whole background. The
profile therefore keeps, besides the words, the facts an event is pinned to:

    bigrams     character bigrams inside words: spacing-blind, particle-blind
                (순천시는 / 순천시가 share 순천, 천시), weighted later by rarity (similarity.py);
                held as integer codes with their counts (numpy), see `bigram_counts`
    figures     numbers with their unit (190대, 33억원, 14곳, 2024년) and the money amounts in won:
                rewrites repeat the release's figures, other events have other figures
    counts      counted things by unit (3500대, 12명), in the lead and in the whole text
    years       the years the text names (2023년): one year's 공고 vs the next
    days        announcement days (23일 밝혔다, 23일 국토부에 따르면): a release is dated once
    stage       the programme stage the opening states (공모, 선정, 협약, 착공, 준공)
    regions     places named (monitor.facts), the main one first
    published   the date the text shows (article.published)

The lead's figures, money and days are kept apart from the whole text's: they are the
event's own, while later paragraphs may recall earlier rounds.

    >>> p = event_profile("광주시는 국비 62억원을 확보했다고 8일 밝혔다.", headline="광주시 국비 62억 확보")
    >>> sorted(p.days), sorted(p.money)
    ([8], [6200000000])
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from monitor.facts import find_amounts, find_regions

# Two letters or digits in a row: the bigrams inside "words" (eojeol, or a whole glued PDF
# line; bigrams survive both). One-letter words (particles on their own, 및) are left out.
BIGRAM = re.compile(r"(?=([0-9a-z가-힣]{2}))")
# The pattern's letters as code point ranges, for bigram_counts, which reads the text as an array.
BIGRAM_LETTERS = ((ord("0"), ord("9")), (ord("a"), ord("z")), (ord("가"), ord("힣")))
# Patterns below that must not continue a number say so after its first digit, `\d(?<![0-9]\d)`,
# rather than before it, `(?<![0-9])\d`: the same matches, but a pattern that opens with a digit
# lets the regex engine skip ahead to the next digit instead of trying every position.
# A number with the unit that says what it counts. 여/약/여개 between them is "about" (140여대).
# Alternatives, longest first inside each family:
FIGURE = re.compile(
    r"(\d(?<![0-9.,천]\d)[\d,]*(?:\.\d+)?(?:천\s*\d*)?)\s*(?:여\s*)?"  # 3천500대 is 3500대
    r"(억\s*원|억|조\s*원|조|천만\s*원|백만\s*원|만\s*원|원"  # money (also read as won by monitor.facts)
    r"|대|곳|명|개소|개사|개|건|가구|세대|호|동|톤|㎿|MW|kW|㎾|ha|%|배"  # counts and measures
    r"|년)")  # years and durations (2024년, 3년간)
# A day of the month that dates the announcement: the day in a sentence that reports it
# ("23일 밝혔다", "국토부는 … 선정했다고 23일 밝혔다", "23일 국토교통부에 따르면").
# Days of a schedule are not the report's date: 오는 8일, 16일부터, 10일까지, 3일간.
ANNOUNCE_DAY = re.compile(  # the lookahead, implied by the rest, rules out most positions at once
    r"(?=[1-3]?[0-9]일)(?<![0-9])(?<!오는 )([1-9]|[12][0-9]|3[01])일(?!\s*(?:까지|부터|간|동안|이내|만에|째))"
    r"[^.?!\n]{0,80}?(?:밝혔|밝히|발표했|발표한|전했|알렸|공고했|공개했|설명했|에\s*따르면|에\s*의하면)")
# Stages of one programme are different events (공모 vs 결과, 협약 vs 착공). The stage a report is
# about is the latest one its headline and first sentence state with a finite verb; a result
# article mentions the call (공모 결과), a groundbreaking the agreement, so the later stage wins.
STAGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # the call: 공모를 시행/실시한다, 공모한다, 모집한다, 신청을 받는다, 접수한다
    ("call", re.compile(r"공모(?:를|에)?\s*(?:시행|실시|진행|착수|공고)|공모(?:한다|합니다|에 나선다)"
                        r"|모집(?:한다|합니다|에 나선다)|신청을?\s*받는다|접수(?:한다|합니다|를 시작)")),
    # the result: 선정됐다, 선정했다, 공모 결과, 최종 선정
    ("result", re.compile(r"선정(?:됐|했|되었|하였|돼|된다)|공모\s*결과|최종\s*선정|에\s*뽑혔")),
    # an agreement signed, in the past tense of the report (not "협약을 맺은 뒤", background)
    ("agreement", re.compile(r"협약(?:을|를)?\s*(?:체결했|맺었|체결하였)|mou\s*(?:를|을)?\s*(?:체결했|맺었)"
                             r"|협약식을?\s*(?:가졌|열었|개최했)")),
    # work begun (not "착공에 들어갈 전망", a forecast)
    ("groundbreaking", re.compile(r"착공(?:했|하였|식을?\s*(?:가졌|열었|개최했))|기공식을?\s*(?:가졌|열었|개최했)"
                                  r"|첫\s*삽을?\s*떴")),
    # work done
    ("completion", re.compile(r"준공(?:했|하였|식을?\s*(?:가졌|열었|개최했))|개소식을?\s*(?:가졌|열었|개최했)"
                              r"|개관(?:했|식을?\s*(?:가졌|열었))|문을\s*열었")),
)
STAGE_CHARS = 250  # the headline and about the first sentence
# Units of the counts an event is announced with (190대 보급, 4곳 선정, 12명 입건). Money is compared
# as amounts (monitor.facts), years by main_year; 년/%/배 are durations and shares, often background.
# 곳/개/개소 count anything (2개 유형, 6개 도시 = 6곳) and are left out.
COUNT_UNITS = frozenset({"대", "명", "가구", "세대", "건", "호"})
YEAR = re.compile(r"(2(?<![0-9]2)0[0-4][0-9])\s*년")
# The lead holds the event: figures and days there are the event's own, later ones may be background.
LEAD_CHARS = 600
# The headline and the opening sentences state the event; the rest is often background shared by
# every report on the programme. Their bigrams count OPENING_WEIGHT times more.
# Measured on the shared corpus: weights 1-3 and 200-400 characters give the same folds; 1 and 300 kept.
OPENING_CHARS = 300
OPENING_WEIGHT = 1
# A glued or restored text may read 1,581세대 as 1581세대: digits only, no separators.
_SEPARATORS = re.compile(r"[,\s]")
# 160억 and 160억원 are one figure.
_WON_AFTER_UNIT = re.compile(r"^(억|조|천만|백만|만)원$")


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: arrays have no single truth value
class EventProfile:
    """The event-bearing facts of one article (see the module docstring)."""

    bigrams: np.ndarray  # distinct bigram codes (see bigram_counts), in order of first appearance
    bigram_counts: np.ndarray  # how often each occurs, the opening's counted OPENING_WEIGHT more times
    figures: frozenset[str]  # "190대", "33억원", "2024년" (normalised: digits and unit, no spaces)
    lead_counts: dict[str, frozenset[str]]  # count unit -> numbers in the headline and lead: the event's own
    counts: dict[str, frozenset[str]]  # count unit -> numbers anywhere in the text
    money: frozenset[int]  # every amount in won
    lead_money: frozenset[int]  # the amounts of the headline and lead: the event's own
    years: Counter[int]  # year -> mentions
    days: frozenset[int]  # announcement days of the month, in the lead
    all_days: frozenset[int]  # announcement days anywhere (a copy may open with another paragraph)
    stage: str | None  # call, result, agreement, groundbreaking, completion (STAGES); None when unsaid
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


def _letter_table() -> np.ndarray:
    table = np.zeros(sys.maxunicode + 1, dtype=bool)  # every code point, so a text indexes it directly
    for first, last in BIGRAM_LETTERS:
        table[first:last + 1] = True
    return table


_IS_LETTER = _letter_table()


def bigram_code(text: str) -> int:
    """`순천` -> ord("순") << 16 | ord("천"): every bigram letter is in the BMP, so a code fits 32 bits."""
    return ord(text[0]) << 16 | ord(text[1])


def bigram_text(code: int) -> str:
    return chr(code >> 16) + chr(code & 0xFFFF)


def bigram_counts(full: str) -> tuple[np.ndarray, np.ndarray]:
    """The distinct BIGRAM matches of a text as codes (bigram_code), in order of first appearance, and
    their counts, those of the opening (OPENING_CHARS) counted OPENING_WEIGHT more times.

    Integer codes from the text's code points in a few array passes: the same pairs the pattern
    finds, in the order a Counter of its matches keeps (which the sums of similarity.py follow),
    without a string per match or a dict per article.
    """
    points = np.frombuffer(full.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    letter = _IS_LETTER[points]
    starts = np.flatnonzero(letter[:-1] & letter[1:])
    codes = points[starts].astype(np.int64) << 16 | points[starts + 1]
    # A pair of the opening ends before OPENING_CHARS, as the pattern read with endpos=OPENING_CHARS.
    opening = codes[: np.searchsorted(starts, OPENING_CHARS - 1)]
    found = np.concatenate([codes, *[opening] * OPENING_WEIGHT])
    if not len(found):
        return found, found
    # Sorted with its position below it, each code's run starts at its first occurrence: one plain
    # sort of integers (codes < 2**32, positions < 2**31) does what a stable argsort would.
    keyed = found << _POSITION_BITS
    keyed |= np.arange(len(found))
    keyed.sort()
    runs = keyed >> _POSITION_BITS
    heads = np.empty(len(runs), dtype=bool)
    heads[0] = True
    np.not_equal(runs[1:], runs[:-1], out=heads[1:])
    first = np.flatnonzero(heads)
    counts = np.empty(len(first), dtype=np.int64)
    counts[:-1] = first[1:] - first[:-1]
    counts[-1] = len(keyed) - first[-1]
    appearance = np.argsort(keyed[first] & _POSITION_MASK)
    return runs[first][appearance], counts[appearance]


_POSITION_BITS = 31
_POSITION_MASK = (1 << _POSITION_BITS) - 1


def figures_of(found: list[tuple[str, str]]) -> frozenset[str]:
    """Normalised figures: digits without separators, the unit without spaces and without 원 after 억/조/만."""
    return frozenset(number_of(number) + _WON_AFTER_UNIT.sub(r"\1", _SEPARATORS.sub("", unit))
                     for number, unit in found)


def stage_of(opening: str) -> str | None:
    """The latest programme stage the opening states (see STAGES)."""
    found = [name for name, pattern in STAGES if pattern.search(opening)]
    return found[-1] if found else None


def number_of(text: str) -> str:
    """`3천500` -> `3500`, `1천` -> `1000`, `1,581` -> `1581`."""
    text = _SEPARATORS.sub("", text)
    if "천" in text:
        head, _, tail = text.partition("천")
        return str(int(float(head or 1) * 1000 + (float(tail) if tail else 0)))
    return text


def counts_of(found: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """unit -> numbers, for the units that count things (대, 곳, 명 …; not money, years or shares)."""
    counted: dict[str, set[str]] = {}
    for number, unit in found:
        unit = _SEPARATORS.sub("", unit)
        if unit in COUNT_UNITS:
            counted.setdefault(unit, set()).add(number_of(number))
    return {unit: frozenset(numbers) for unit, numbers in counted.items()}


def event_profile(text: str, headline: str | None = None, published: date | None = None) -> EventProfile:
    """The profile of one article body (with its headline, which names the event most plainly).

    Each pattern reads the whole text once; the lead's facts are the matches that end within
    it (money: that start within it), which are those a search of the lead alone finds.
    """
    full = normalize("\n\n".join(part for part in (headline or "", text) if part))
    codes, counts = bigram_counts(full)
    figures: list[tuple[str, str]] = []  # (number, unit) pairs, for the figures and the counts
    lead_figures: list[tuple[str, str]] = []
    for match in FIGURE.finditer(full):
        figures.append(match.groups())  # type: ignore[arg-type]
        if match.end() <= LEAD_CHARS:
            lead_figures.append(match.groups())  # type: ignore[arg-type]
    amounts = find_amounts(full)
    all_days = [(int(m.group(1)), m.end()) for m in ANNOUNCE_DAY.finditer(full)]
    return EventProfile(
        bigrams=codes,
        bigram_counts=counts,
        figures=figures_of(figures),
        lead_counts=counts_of(lead_figures),
        counts=counts_of(figures),
        money=frozenset(a.krw for a in amounts),
        lead_money=frozenset(a.krw for a in amounts if a.start < LEAD_CHARS),
        years=Counter(map(int, YEAR.findall(full))),
        days=frozenset(day for day, end in all_days if end <= LEAD_CHARS),
        all_days=frozenset(day for day, _ in all_days),
        stage=stage_of(full[:STAGE_CHARS]),
        regions=tuple(r.name for r in find_regions(text, headline=headline)),
        published=published,
    )
