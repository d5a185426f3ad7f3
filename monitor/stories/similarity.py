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

import heapq
import math
from collections import Counter
from dataclasses import dataclass

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
    """Document frequencies of terms over the articles seen so far, for IDF."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        self._idf: dict[str, float] = {}  # memo, valid until the next `add`

    def add(self, terms: set[str]) -> None:
        self.df.update(terms)
        self.n += 1
        self._idf.clear()

    def idf(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:
            value = self._idf[term] = math.log((1 + self.n) / (1 + self.df[term])) + 1.0
        return value


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
    idf = stats.idf
    vector = {t: (1.0 + math.log(c)) * idf(t) for t, c in profile.terms.items()}
    for term in entity_terms(profile):
        vector[term] = rules.entity_weight * idf(term)
    if len(vector) > rules.max_terms:
        vector = dict(heapq.nlargest(rules.max_terms, vector.items(), key=lambda item: (item[1], item[0])))
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {t: w / norm for t, w in vector.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


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

