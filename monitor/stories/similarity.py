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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from monitor.stories.event import EventProfile, bigram_code, bigram_text


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

    Bigrams, most of the terms, are counted in two arrays (codes ascending, their counts): an
    article learned or forgotten is only queued, and the queue is counted in a few array passes
    when IDF is next read, which a batch does once it has learned all its articles. Figures,
    amounts and places (a few per article) stay in a Counter.
    """

    def __init__(self, window: int | None = None) -> None:
        self.n = 0
        self.window = window
        self.entity_df: Counter[str] = Counter()
        self._codes = np.empty(0, dtype=np.int64)  # bigram codes with df > 0, ascending
        self._df = np.empty(0, dtype=np.int64)  # their document frequencies
        self._added: list[np.ndarray] = []  # bigram codes learned since the arrays were brought up to date
        self._forgotten: list[np.ndarray] = []  # and forgotten since
        self._learned: deque[tuple[np.ndarray, frozenset[str]]] = deque()
        self._logs = [0.0]  # ln(1 + k), k = 0 .. n
        self._log_array = np.zeros(1)  # the same floats, for reading many at once

    def add(self, bigrams: np.ndarray, entities: Iterable[str]) -> None:
        """Learn one article: its distinct bigram codes and its other terms."""
        learned = frozenset(entities)
        self.entity_df.update(learned)
        self._added.append(bigrams)
        self.n += 1
        if self.window is not None:
            self._learned.append((bigrams, learned))
        while len(self._logs) <= self.n:
            self._logs.append(math.log1p(len(self._logs)))

    def trim(self) -> None:
        """Forget all but the latest `window` articles learned (between batches, never inside one)."""
        if self.window is None:
            return
        df = self.entity_df
        while len(self._learned) > self.window:
            bigrams, entities = self._learned.popleft()
            self._forgotten.append(bigrams)
            for term in entities:
                if df[term] > 1:
                    df[term] -= 1
                else:
                    del df[term]  # a term no article has any more does not linger (memory)
            self.n -= 1

    def bigram_df(self, codes: np.ndarray) -> np.ndarray:
        """Document frequency of each bigram code (0 for one never learned)."""
        self._settle()
        if not len(self._codes):
            return np.zeros(len(codes), dtype=np.int64)
        at = np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)
        return np.where(self._codes[at] == codes, self._df[at], 0)

    def bigram_idf(self, codes: np.ndarray) -> np.ndarray:
        """IDF of each bigram code, the floats of idf_of."""
        df = self.bigram_df(codes)
        if len(self._log_array) != len(self._logs):
            self._log_array = np.array(self._logs)
        return (self._logs[self.n] + 1.0) - self._log_array[df]

    def bigram_idf_each(self, groups: Sequence[np.ndarray]) -> list[np.ndarray]:
        """bigram_idf() of each array of codes, all looked up at once: a batch's codes, ascending,
        walk the table in order, where one article's codes read it at random."""
        if not groups:
            return []
        codes = np.concatenate(groups)
        ascending = np.argsort(codes)
        idf = np.empty(len(codes))
        idf[ascending] = self.bigram_idf(codes[ascending])
        return np.split(idf, np.cumsum([len(group) for group in groups[:-1]]))

    def idf_of(self, terms: Iterable[str]) -> list[float]:
        """Smoothed IDF, ln((1 + n) / (1 + df)) + 1 (see the module docstring), of figures, amounts and
        places, summed as ln(1 + n) + 1 - ln(1 + df)."""
        top, logs, df = self._logs[self.n] + 1.0, self._logs, self.entity_df.get
        return [top - logs[df(t, 0)] for t in terms]

    def _settle(self) -> None:
        """Count the queued articles into the arrays: learned first, so that one forgotten before
        IDF was read (learned and trimmed between two reads) is found."""
        if self._added:
            codes, counts = np.unique(np.concatenate(self._added), return_counts=True)
            self._added.clear()
            at = np.searchsorted(self._codes, codes)
            known = at < len(self._codes)
            known[known] = self._codes[at[known]] == codes[known]
            self._df[at[known]] += counts[known]  # codes are distinct, so each slot once
            new = ~known
            self._codes = np.insert(self._codes, at[new], codes[new])
            self._df = np.insert(self._df, at[new], counts[new])
        if self._forgotten:
            codes, counts = np.unique(np.concatenate(self._forgotten), return_counts=True)
            self._forgotten.clear()
            self._df[np.searchsorted(self._codes, codes)] -= counts
            kept = self._df > 0  # a term no article has any more does not linger (memory)
            self._codes, self._df = self._codes[kept], self._df[kept]


def entity_terms(profile: EventProfile) -> set[str]:
    """Figures, amounts and places as terms of their own (prefixed so they never meet a bigram)."""
    return ({f"#{f}" for f in profile.figures} | {f"₩{m}" for m in profile.money}
            | {f"@{r}" for r in profile.regions})


ENTITY_MARKS = frozenset("#₩@")  # what entity_terms start with; a bigram is two letters or digits
ENTITY_BIT = 1 << 63  # set in the code of a figure, amount or place, never in a bigram's (32 bits)


def term_code(term: str) -> int:
    """A term as one 64-bit integer: a bigram's code (event.bigram_code), else a hash of the term.

    The story index files a few dozen terms for each of hundreds of thousands of articles:
    as strings, nearly all of them distinct, they were most of its memory. A hash only needs to
    hold within a process (the index is rebuilt from the stored terms at start-up); two terms of
    one hash (1 in about 10^9 for a million distinct ones) would only share a posting list.
    """
    if term[0] in ENTITY_MARKS:
        return ENTITY_BIT | (hash(term) & (ENTITY_BIT - 1))
    return bigram_code(term)


class TermVector:
    """A unit TF-IDF vector (see `weighted`): its weights in the order its sums go, and its terms.

    Terms are integers: a bigram's code (event.bigram_code), or -1 - i for the i-th of its
    figures, amounts and places. For a cosine, the bigrams are also kept ascending with where
    each weight is, so that the shared ones are found in one array search (made when first
    compared: many vectors never are).
    """

    __slots__ = ("_entities", "_lookup", "_terms", "ranks", "units")

    def __init__(self, units: np.ndarray, ranks: np.ndarray, terms: np.ndarray, entities: list[str]) -> None:
        self.units = units  # unit weights
        self.ranks = ranks  # each weight's term as a rank in the order of the terms' text (see _text_ranks)
        self._terms = terms
        self._entities = entities
        self._lookup: tuple[np.ndarray, np.ndarray, dict[str, int]] | None = None

    def lookup(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """Its bigram codes ascending, where each one's weight is, and where each other term's is."""
        if self._lookup is None:
            terms = self._terms
            at = np.flatnonzero(terms >= 0)
            ascending = np.argsort(terms[at])
            others = np.flatnonzero(terms < 0).tolist()
            where = {self._entities[-1 - term]: i for i, term in zip(others, terms[others].tolist(), strict=True)}
            self._lookup = (terms[at][ascending], at[ascending], where)
        return self._lookup

    def __len__(self) -> int:
        return len(self.units)

    def items(self) -> list[tuple[str, float]]:
        """(term as text, weight), in the order of the sums: a look at the vector."""
        return list(zip(map(self._text, self._terms.tolist()), self.units.tolist(), strict=True))

    def heaviest(self, count: int) -> tuple[str, ...]:
        """The `count` heaviest terms as text, the smaller term on ties."""
        return tuple(map(self._text, self._heaviest(count)))

    def heaviest_codes(self, count: int) -> list[int | str]:
        """heaviest(), a bigram as its code (no text made for it), a figure, amount or place as its text."""
        return [term if term >= 0 else self._entities[-1 - term] for term in self._heaviest(count)]

    def _heaviest(self, count: int) -> list[int]:
        units, picked = self.units, np.arange(len(self.units))
        if len(units) > count:  # the few at least as heavy as the count-th, ranked
            picked = np.flatnonzero(units >= np.partition(units, len(units) - count)[len(units) - count])
        order = picked[np.lexsort((self.ranks[picked], -units[picked]))][:count]
        return self._terms[order].tolist()

    def _text(self, term: int) -> str:
        return bigram_text(term) if term >= 0 else self._entities[-1 - term]


def weighted(profile: EventProfile, stats: TermStats, rules: EventRules) -> TermVector:
    """The profile's unit TF-IDF vector, cut to its `max_terms` heaviest terms.

    The cut is the usual truncated TF-IDF of online event detection: the light terms are the
    common ones, which add little to a cosine and most of its cost.

    Each weight is the float of the per-term formula, tf(count) * idf(term), taken in arrays;
    the norm is summed in the order a dict of the bigrams then the other terms would give, or
    after the cut heaviest first, the larger term on ties (the order of a sort on (weight, term)).
    """
    return _unit_vector(profile, stats.bigram_idf(profile.bigrams), stats, rules)


def weighted_all(profiles: Sequence[EventProfile], stats: TermStats, rules: EventRules) -> list[TermVector]:
    """weighted() of each profile, with the IDF of all their bigrams read in one pass."""
    idfs = stats.bigram_idf_each([profile.bigrams for profile in profiles])
    return [_unit_vector(profile, idf, stats, rules) for profile, idf in zip(profiles, idfs, strict=True)]


def _unit_vector(profile: EventProfile, bigram_idf: np.ndarray, stats: TermStats, rules: EventRules) -> TermVector:
    entities = list(entity_terms(profile))
    weights = np.concatenate((_tf(profile.bigram_counts) * bigram_idf,
                              [rules.entity_weight * idf for idf in stats.idf_of(entities)]))
    terms = np.concatenate((profile.bigrams, -1 - np.arange(len(entities))))
    ranks = _text_ranks(profile.bigrams, entities)
    if len(weights) > rules.max_terms:
        kept = np.lexsort((ranks, weights))[::-1][: rules.max_terms]
        weights, ranks, terms = weights[kept], ranks[kept], terms[kept]
    # A running sum is the sum of a loop, term after term: the float `sum` gives.
    norm = math.sqrt(np.cumsum(weights * weights)[-1]) if len(weights) else 0.0
    return TermVector(weights / (norm or 1.0), ranks, terms, entities)


def _text_ranks(bigrams: np.ndarray, entities: list[str]) -> np.ndarray:
    """Integers that order the terms as their text does.

    A bigram's text orders as its code (two BMP characters); a figure, amount or place starts
    with a character no bigram has (#, ₩, @), so only that character sets it among the bigrams.
    Bigram codes are spread out to leave a block per first character for these.
    """
    ranks = np.empty(len(bigrams) + len(entities), dtype=np.int64)
    ranks[: len(bigrams)] = bigrams << 16
    for place, at in enumerate(sorted(range(len(entities)), key=entities.__getitem__)):
        ranks[len(bigrams) + at] = ord(entities[at][0]) << 32 | place
    return ranks


def _tf(counts: np.ndarray) -> np.ndarray:
    """1 + ln(count) of each count (from the table, or math.log past it, as the per-term formula)."""
    tf = _TF[np.minimum(counts, len(_TF) - 1)]
    beyond = counts >= len(_TF)
    if beyond.any():
        tf[beyond] = [1.0 + math.log(c) for c in counts[beyond].tolist()]
    return tf


# 1 + ln(count) for the counts a text has (a bigram is rarely there more than a few dozen times).
_TF = np.array([0.0, *(1.0 + math.log(c) for c in range(1, 256))])


def cosine(a: TermVector, b: TermVector) -> float:
    """The sum, over the shorter vector's terms in its order, of the products of the weights both have."""
    if len(a) > len(b):
        a, b = b, a
    # Each term of `a` gets its product, or 0.0 when `b` lacks it: adding 0.0 changes no sum, so
    # the running sum is the float of the loop over the shared terms (0 when none is shared).
    products = np.zeros(len(a))
    shared = 0
    (a_bigrams, a_at, a_others), (b_bigrams, b_at, b_others) = a.lookup(), b.lookup()
    if len(b_bigrams):
        found = np.minimum(np.searchsorted(b_bigrams, a_bigrams), len(b_bigrams) - 1)
        hit = b_bigrams[found] == a_bigrams
        at = a_at[hit]
        products[at] = a.units[at] * b.units[b_at[found[hit]]]
        shared = len(at)
    for term, at in a_others.items():
        other = b_others.get(term)
        if other is not None:
            products[at] = a.units[at] * b.units[other]
            shared += 1
    return float(np.cumsum(products)[-1]) if shared else 0


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

