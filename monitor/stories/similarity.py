"""Same event or not: one score from rarity-weighted terms and figures, and the facts that veto it.

The decision, signal by signal (calibrated on the shared corpus's story groups and
near-miss pairs, thresholds in `EventRules`):

* **score** = cosine of TF-IDF vectors over word-internal character bigrams, with the
  article's figures (190대, 33억원, 2024년), money amounts and places added as extra
  terms weighted `entity_weight` times. IDF is learned from the articles the index has
  seen (the batch, the stored window), smoothed as ``ln((1 + n) / (1 + df)) + 1`` so that
  with few articles every term still counts and, as articles accumulate, boilerplate
  (스마트도시, 국비, 지원 in every text) fades while 순천, 80억원, 강소형 keep their weight.
  Agreeing figures are rare terms shared, so they raise the score most. The score alone
  decides when no veto applies: ``score >= min_score``.
* **vetoes**, because rewrites of one release never disagree on these while two
  events on one programme always differ in one of them:
    - published dates (when both texts show one) more than `max_days` apart;
    - the year each text names most (2023년 vs 2025년 공고) differs;
    - the announcement days (23일 밝혔다 vs 28일 밝혔다) are more than `day_slack` apart:
      a release is dated once, follow-up reports a day or two later are still the event;
    - both leads state money, and neither lead's amounts appear anywhere in the other text
      (33억원 vs 37억원); amounts further down are often background one copy cut;
    - both name places and neither's main place is named by the other (인천 vs 김해).
* **one story, one event**: two groups merge only when no report of one is vetoed by, or
  scores under `min_related` with, a report of the other (StoryIndex._groups_agree), so a
  text holding two articles (a badly cut page) cannot bridge their stories;
* a **copy** (the same text with other spacing and chrome: shingle Jaccard and lead
  test of index.py) folds on the vetoes alone: a copy is the event by construction.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter, mul

from monitor.stories.event import EventProfile


@dataclass(frozen=True, slots=True)
class EventRules:
    """Thresholds of the same-event decision (see the module docstring)."""

    # Shared corpus: every threshold from 0.25 to 0.30 gives the same folds (F1 0.993, no near-miss pair,
    # whatever the input order); below, different events join, above, rewrites split. The middle is kept.
    min_score: float = 0.28
    # Every two reports of one story score at least this (see StoryIndex._groups_agree).
    min_related: float = 0.1  # corpus: reports of one story score >= 0.17 (a bare photo caption aside)
    max_terms: int = 400  # terms kept per vector (see `weighted`); the corpus folds alike from 400 up
    entity_weight: float = 2.0  # a figure or place counts as much as this many rare bigrams
    max_days: int = 3  # published dates further apart are different events
    day_slack: int = 3  # announcement days further apart are different events
    check_years: bool = True
    check_money: bool = True
    check_regions: bool = True
    check_counts: bool = True
    check_stages: bool = True


class TermStats:
    """Document frequencies of terms over the articles learned, for IDF.

    IDF is read when asked, from the count and a table of ln(1 + k) for k up to the number
    of articles: learning an article costs its terms only, whatever was learned before
    (a memo of IDF per term had to be dropped, whole, at every article). With a `window`,
    `trim` forgets all but the latest `window` articles, oldest first, so that a story index
    kept between ingest passes learns from the same articles as one rebuilt from the
    database; only then are the terms of each article kept (memory).
    """

    def __init__(self, window: int | None = None) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        self.window = window
        self._learned: deque[frozenset[str]] = deque()
        self._logs = [0.0]  # ln(1 + k), k = 0 .. n

    def add(self, terms: Iterable[str]) -> None:
        learned = frozenset(terms)
        self.df.update(learned)
        self.n += 1
        if self.window is not None:
            self._learned.append(learned)
        while len(self._logs) <= self.n:
            self._logs.append(math.log1p(len(self._logs)))

    def trim(self) -> None:
        """Forget all but the latest `window` articles learned (between batches, never inside one)."""
        if self.window is None:
            return
        df = self.df
        while len(self._learned) > self.window:
            for term in self._learned.popleft():
                if df[term] > 1:
                    df[term] -= 1
                else:
                    del df[term]  # a term no article has any more does not linger (memory)
            self.n -= 1

    def idf(self, term: str) -> float:
        """Smoothed IDF: ln((1 + n) / (1 + df)) + 1 (see the module docstring)."""
        return self._logs[self.n] - self._logs[self.df.get(term, 0)] + 1.0

    def idf_of(self, terms: Iterable[str]) -> list[float]:
        """IDF of many terms in one pass (the hot path: every term of every profile)."""
        top, logs, df = self._logs[self.n] + 1.0, self._logs, self.df.get
        return [top - logs[df(t, 0)] for t in terms]


def entity_terms(profile: EventProfile) -> set[str]:
    """Figures, amounts and places as terms of their own (prefixed so they never meet a bigram)."""
    return ({f"#{f}" for f in profile.figures} | {f"₩{m}" for m in profile.money}
            | {f"@{r}" for r in profile.regions})


def all_terms(profile: EventProfile) -> set[str]:
    return set(profile.terms) | entity_terms(profile)


def weighted(profile: EventProfile, stats: TermStats, rules: EventRules) -> dict[str, float]:
    """The profile's unit TF-IDF vector, cut to its `max_terms` heaviest terms.

    The cut is the usual truncated TF-IDF of online event detection: the light terms are the
    common ones, which add little to a cosine and most of its cost.
    """
    tf, top = _TF, len(_TF)
    # idf_of inlined (the same arithmetic, so the same floats): this is every term of every article.
    head, logs, df = stats._logs[stats.n] + 1.0, stats._logs, stats.df.get
    vector = {t: (tf[c] if c < top else 1.0 + math.log(c)) * (head - logs[df(t, 0)])
              for t, c in profile.terms.items()}
    entities = entity_terms(profile)
    for term, idf in zip(entities, stats.idf_of(entities), strict=True):
        vector[term] = rules.entity_weight * idf
    if len(vector) > rules.max_terms:
        # Heaviest first, the larger term on ties: the order heapq.nlargest on (weight, term) gives.
        vector = dict(sorted(vector.items(), key=_WEIGHT_THEN_TERM, reverse=True)[: rules.max_terms])
    weights = vector.values()
    norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0  # in order, as a sum over a generator
    return {t: w / norm for t, w in vector.items()}


_WEIGHT_THEN_TERM = itemgetter(1, 0)
# 1 + ln(count) for the counts a text has (a bigram is rarely there more than a few dozen times).
_TF = [0.0, *(1.0 + math.log(c) for c in range(1, 256))]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # Terms missing from b would add 0.0, which changes no sum: skipping them gives the same float.
    return sum(w * b[t] for t, w in a.items() if t in b)


def veto(a: EventProfile, b: EventProfile, rules: EventRules) -> str | None:
    """The fact on which two articles disagree, if any (see the module docstring).

    A lead's facts conflict only when none of them is found anywhere in the other text:
    a copy may open with another paragraph, or cut the one that repeats the figure.
    """
    if a.published and b.published and abs((a.published - b.published).days) > rules.max_days:
        return "published"
    if rules.check_years and a.main_year and b.main_year and a.main_year != b.main_year:
        return "year"
    if a.days and b.days and not _near(a.days, b.all_days, rules.day_slack) \
            and not _near(b.days, a.all_days, rules.day_slack):
        return "day"
    if rules.check_money and a.lead_money and b.lead_money and not a.lead_money & b.money \
            and not b.lead_money & a.money:
        return "money"
    if rules.check_stages and a.stage and b.stage and a.stage != b.stage:
        return "stage"
    shared_units = a.lead_counts.keys() & b.lead_counts.keys()
    if rules.check_counts and shared_units and not any(
            a.lead_counts[u] & b.counts.get(u, frozenset()) or b.lead_counts[u] & a.counts.get(u, frozenset())
            for u in shared_units):
        return "count"
    if rules.check_regions and a.regions and b.regions and a.regions[0] not in b.regions \
            and b.regions[0] not in a.regions:
        return "region"
    return None


def _near(days: frozenset[int], others: frozenset[int], slack: int) -> bool:
    return any(abs(x - y) <= slack for x in days for y in others)

