"""`monitor topics suggest`: what would widen a topic, measured on the stored articles.

    for s in suggest(topics, [stored.article for stored in store.iter_articles()], "env_subsidies"):
        print(s.adds, s.toml, s.examples)

The stored articles are classified with the current topics. For one topic, the articles
it did not take are its *pool*. The topic's *vocabulary* is the words and two-word
phrases (particles stripped) found in at least two of its matched articles and at least
MIN_LIFT times as common there as in all stored articles. The likely-missed articles of
the pool are the *near-misses* (the topic found something, a keyword, a rule part or a
veto, without accepting) and the articles holding two or more vocabulary terms. From them:

* candidate terms: vocabulary terms, not configured yet, that likely-missed articles
  hold. Each is tried as a keyword (weight min_score / 2: a headline mention or two body
  mentions file an article) and, when that is broad, paired with the topic keyword it
  most often accompanies as a one-sentence rule; the topic is re-scored on every pool
  article with the addition, and what it would add is counted, not guessed.
* what alone stood in the way of near-misses: a require group, an exclusion, or a score
  short of min_score (with the smallest min_score that would take one more); and each
  rule with a character window, tried twice as wide.

Every suggestion carries how many stored articles it would add, how many of those had no
other evidence for the topic (a broad term), how many matched articles already contain
it, and example headlines, so a user widens a topic with evidence.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from monitor.models import Article
from monitor.topics.boundaries import PARTICLES
from monitor.topics.config_rules import MAX_NEAR
from monitor.topics.fold import fold_keyword
from monitor.topics.model import Concept, Rule, Term, Topic
from monitor.topics.scoring import ArticleHits, TopicResult, score_topic
from monitor.topics.topicset import TopicSet

WORD_RE = re.compile(r"[가-힣A-Za-z][가-힣A-Za-z0-9]*")
SENTENCE_RE = re.compile(r"[.!?。\n]")
_PARTICLES = frozenset(p for p in PARTICLES if len(p) <= 3)
MIN_STEM = 2  # characters a term keeps after its particle is stripped
MAX_CANDIDATES = 60  # terms simulated per topic
EXAMPLES = 3  # headlines shown per suggestion
COMMON_SHARE = 0.5  # a term in more than this share of all stored articles says nothing
MIN_LIFT = 2.0  # a candidate is at least this many times as common in the topic's articles as in all
# Words of every kind of news story: never evidence for a topic.
GENERIC = frozenset({
    "올해", "지난해", "내년", "최대", "최소", "규모", "억원", "만원", "조원", "선정", "선정됐", "추진", "사업", "계획",
    "관계자", "밝혔다", "이번", "지역", "예정", "대상", "통해", "위해", "함께", "있다", "했다", "것으로", "위한",
    "등을", "지원", "개발", "기반", "협력", "강화", "확대", "운영", "진행", "마련", "예산", "국비", "도비", "시비",
    "신청", "받는", "모집", "접수", "밝혀", "따르면",
})


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One way to widen a topic, with the stored articles it would add."""

    kind: str  # keyword | rule | require | exclude | near | min_score
    toml: str  # what to write in topics.toml (or what to change)
    adds: int  # stored articles the topic would take in addition
    examples: tuple[str, ...]  # their headlines
    broad: int = 0  # of those, articles with no other evidence for the topic
    in_matched: int = 0  # matched articles that already contain the term
    note: str = ""
    lift: float = 0.0  # how much more common the term is in the topic's articles than in all

    def lines(self) -> list[str]:
        head = f"+{self.adds:<3} {self.kind:<9} {self.toml}"
        facts = []
        if self.in_matched:
            facts.append(f"in {self.in_matched} matched article(s)")
        if self.lift:
            facts.append(f"{self.lift:.1f}× as common in the topic's articles as in all")
        if self.broad:
            facts.append(f"{self.broad} of the {self.adds} with no other evidence: check they belong")
        if self.note:
            facts.append(self.note)
        out = [head] + ([f"       {'; '.join(facts)}"] if facts else [])
        return out + [f"       e.g. {e}" for e in self.examples]


@dataclass(frozen=True, slots=True)
class TopicReport:
    """The suggestions for one topic and the counts they were drawn from."""

    topic: Topic
    stored: int
    matched: int
    near_misses: int
    sharing: int  # unmatched articles holding two or more of the topic's vocabulary terms
    suggestions: tuple[Suggestion, ...]

    def render(self) -> str:
        t = self.topic
        lines = [f"{t.id} ({t.name}): {self.matched} of {self.stored} stored article(s) matched; "
                 f"{self.near_misses} near-miss(es), {self.sharing} more sharing its vocabulary"]
        if not self.suggestions:
            lines.append("  nothing to suggest: no change tried would file another stored article")
        for suggestion in self.suggestions:
            lines.extend("  " + line for line in suggestion.lines())
        return "\n".join(lines)


def title(article: Article) -> str:
    """The headline, or the start of the text when there is none."""
    text = article.headline or " ".join(article.text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _stem(word: str) -> str:
    """`word` without up to two particles or endings (`보조금을` -> `보조금`), keeping MIN_STEM chars."""
    for _ in range(2):
        for n in (3, 2, 1):
            if len(word) - n >= MIN_STEM and word[-n:] in _PARTICLES:
                word = word[:-n]
                break
        else:
            break
    return word


def terms_of(article: Article) -> set[str]:
    """Words and two-word phrases of an article, particles stripped."""
    found: set[str] = set()
    for text in (article.headline or "", *article.subheadlines, article.text):
        for sentence in SENTENCE_RE.split(text):
            stems = [_stem(w) for w in WORD_RE.findall(sentence)]
            stems = [s for s in stems if len(s) >= MIN_STEM]
            found.update(stems)
            found.update(f"{a} {b}" for a, b in itertools.pairwise(stems))
    return found


def _configured(topic: Topic) -> set[str]:
    return {term.folded for concept in topic.concepts() for term in concept.forms}


class _Pool:
    """The articles one topic did not take, with their terms, verdicts and other topics.

    `hits` are computed once, with a matcher that also knows the candidate terms, so that
    re-scoring the topic with any addition is only the scoring step.
    """

    def __init__(self, topic: Topic, articles: Sequence[Article], terms: Sequence[set[str]],
                 results: Sequence[TopicResult], others: Sequence[tuple[str, ...]]) -> None:
        self.topic = topic
        self.articles = articles
        self.terms = terms
        self.results = results
        self.others = others  # ids of the other topics each article is filed under
        self.hits: list[ArticleHits] = []

    def prepare(self, extra: Iterable[Concept]) -> None:
        finder = TopicSet([replace(self.topic, keywords=self.topic.keywords + tuple(extra))])
        self.hits = [finder.hits(a) for a in self.articles]

    def added(self, topic: Topic, holding: Concept | None = None) -> list[int]:
        """Indexes the changed `topic` would accept; with `holding`, only articles where that
        concept matched are re-scored (no other verdict can change)."""
        keys = {t.key for t in holding.forms} if holding is not None else None
        return [i for i, h in enumerate(self.hits)
                if (keys is None or not keys.isdisjoint(h.matched)) and score_topic(topic, h).accepted]

    def examples(self, indexes: Iterable[int]) -> tuple[str, ...]:
        out = []
        for i in list(indexes)[:EXAMPLES]:
            filed = f"  [filed under {', '.join(self.others[i])}]" if self.others[i] else ""
            out.append(title(self.articles[i]) + filed)
        return tuple(out)


def _near_miss(result: TopicResult) -> bool:
    return not result.accepted and bool(result.evidence or result.rules or result.veto)


def suggest_topic(topics: TopicSet, articles: Sequence[Article], topic_id: str, limit: int = 10,
                  terms: Sequence[set[str]] | None = None,
                  verdicts: Sequence[list[TopicResult]] | None = None) -> TopicReport:
    """The suggestions for `topic_id` from `articles` (KeyError for an unknown id).

    `terms` and `verdicts` (per article: `terms_of`, `TopicSet.analyze`) may be passed when
    several topics are reported on the same articles, so they are computed once.
    """
    topic = topics.get(topic_id)
    terms = terms if terms is not None else [terms_of(a) for a in articles]
    verdicts = verdicts if verdicts is not None else [topics.analyze(a) for a in articles]
    results = [next(r for r in v if r.topic.id == topic_id) for v in verdicts]
    matched = [i for i, r in enumerate(results) if r.accepted]
    rest = [i for i, r in enumerate(results) if not r.accepted]
    pool = _Pool(topic, [articles[i] for i in rest], [terms[i] for i in rest], [results[i] for i in rest],
                 [tuple(r.topic.id for r in verdicts[i] if r.accepted) for i in rest])
    near = [i for i, r in enumerate(pool.results) if _near_miss(r)]
    vocabulary = _vocabulary(terms, [terms[i] for i in matched])
    near_set = set(near)
    sharing = [i for i, t in enumerate(pool.terms) if i not in near_set and len(vocabulary.keys() & t) >= 2]
    candidates = _candidates(topic, vocabulary, pool, sorted(set(near) | set(sharing)))
    weight = max(topic.min_score / 2, 0.5)
    concepts = {term: Concept(term, (Term.of(term),), weight) for term, _, _ in candidates}
    pool.prepare(concepts.values())
    suggestions = _obstacles(topic, pool, near) + _terms(topic, pool, candidates, concepts)
    suggestions.sort(key=lambda s: (-s.adds, s.broad, -s.lift, -s.in_matched, s.kind, s.toml))
    kept = tuple(s for s in suggestions if s.adds > 0)[:limit]
    return TopicReport(topic, len(articles), len(matched), len(near), len(sharing), kept)


def _obstacles(topic: Topic, pool: _Pool, near: Sequence[int]) -> list[Suggestion]:
    """What stopped the near-misses: a require group, an exclusion, a rule's window, the score."""
    out: list[Suggestion] = []
    by_group: dict[str, list[int]] = {}
    by_veto: dict[str, list[int]] = {}
    short: list[int] = []
    for i in near:
        r = pool.results[i]
        obstacles = [bool(r.missing), r.veto is not None, r.score < topic.min_score]
        if sum(obstacles) != 1:
            continue  # only what alone stood in the way: removing it files the article
        if r.missing:
            by_group.setdefault(r.missing[0], []).append(i)
        elif r.veto is not None:
            by_veto.setdefault(r.veto.exclusion.concept.canonical, []).append(i)
        elif r.score > 0:
            short.append(i)
    for group, items in by_group.items():
        shown = group if len(group) <= 60 else group[:59] + "…"
        out.append(Suggestion("require", f"widen the require group [{shown}]", len(items), pool.examples(items),
                              note="these scored enough but hold no form of this group"))
    for term, items in by_veto.items():
        out.append(Suggestion("exclude", f"review the exclusion {term!r}", len(items), pool.examples(items),
                              note="these would be filed without it"))
    if short:
        # the smallest change that takes one more: down to the best near-miss score
        best = max(pool.results[i].score for i in short)
        taken = [i for i in short if pool.results[i].score >= best]
        out.append(Suggestion("min_score", f"min_score = {best:g} (now {topic.min_score:g})", len(taken),
                              pool.examples(taken), note="they pass require and exclusions; only the score fell short"))
    return out


def _widened_rules(topic: Topic, pool: _Pool) -> list[Suggestion]:
    """Rules with a character window, tried with twice the window."""
    out: list[Suggestion] = []
    for index, rule in enumerate(topic.rules):
        if rule.near is None or rule.near * 2 > MAX_NEAR:
            continue
        rules = list(topic.rules)
        rules[index] = replace(rule, near=rule.near * 2)
        added = pool.added(replace(topic, rules=tuple(rules)))
        if added:
            out.append(Suggestion("near", f"rule {rule.name!r}: near = {rule.near * 2} (now {rule.near})",
                                  len(added), pool.examples(added)))
    return out


def _vocabulary(terms: Sequence[set[str]], matched: Sequence[set[str]]) -> dict[str, tuple[int, float]]:
    """Terms of the topic: term -> (matched articles holding it, lift over all stored articles)."""
    if not matched:
        return {}
    everywhere = Counter(t for ts in terms for t in ts)
    in_matched = Counter(t for ts in matched for t in ts)
    vocabulary: dict[str, tuple[int, float]] = {}
    for term, m in in_matched.items():
        if m < 2 or term in GENERIC or (len(terms) >= 10 and everywhere[term] > COMMON_SHARE * len(terms)):
            continue
        lift = (m / len(matched)) / (everywhere[term] / len(terms))
        if lift >= MIN_LIFT:
            vocabulary[term] = (m, lift)
    return vocabulary


def _candidates(topic: Topic, vocabulary: dict[str, tuple[int, float]], pool: _Pool,
                likely: Sequence[int]) -> list[tuple[str, int, float]]:
    """(term, matched articles holding it, lift) of unconfigured vocabulary in likely-missed articles."""
    configured = _configured(topic)
    in_likely = Counter(t for i in likely for t in pool.terms[i] if t in vocabulary)
    picked: list[tuple[float, str]] = []
    for term, n in in_likely.items():
        folded = fold_keyword(term)[0]
        if folded and folded not in configured:
            picked.append((n * vocabulary[term][1], term))
    picked.sort(key=lambda p: (-p[0], p[1]))
    return [(term, *vocabulary[term]) for _, term in picked[:MAX_CANDIDATES]]


def _terms(topic: Topic, pool: _Pool, candidates: Sequence[tuple[str, int, float]],
           concepts: dict[str, Concept]) -> list[Suggestion]:
    """Candidate terms tried as keywords and, when broad, as one-sentence rules with a topic keyword."""
    out = _widened_rules(topic, pool)
    for term, m, lift in candidates:
        concept = concepts[term]
        added = pool.added(replace(topic, keywords=(*topic.keywords, concept)), concept)
        if not added:
            continue
        broad = sum(1 for i in added if not (pool.results[i].evidence or pool.results[i].rules))
        out.append(Suggestion("keyword", f'{{ term = "{term}", weight = {concept.weight:g} }}', len(added),
                              pool.examples(added), broad, m, lift=lift))
        partner = _partner(topic, pool, added) if broad else None
        if partner is not None:
            rule = Rule(f"{term} … {partner.canonical}", (concept, partner), weight=topic.min_score)
            ruled = pool.added(replace(topic, rules=(*topic.rules, rule)), concept)
            if ruled:
                out.append(Suggestion("rule", f'{{ all = ["{term}", "{partner.canonical}"] }}', len(ruled),
                                      pool.examples(ruled), 0, m, "the term and the keyword in one sentence", lift))
    return out


def _partner(topic: Topic, pool: _Pool, indexes: Sequence[int]) -> Concept | None:
    """The topic keyword found most often in these pool articles (else in the whole pool)."""
    counts = Counter(e.concept.canonical for i in indexes for e in pool.results[i].evidence)
    if not counts:
        counts = Counter(e.concept.canonical for r in pool.results for e in r.evidence)
    if not counts:
        return None
    name = counts.most_common(1)[0][0]
    return next(c for c in topic.keywords if c.canonical == name)


def suggest(topics: TopicSet, articles: Sequence[Article], topic_id: str | None = None,
            limit: int = 10) -> list[TopicReport]:
    """Reports for `topic_id`, or for every topic in file order."""
    ids = [topic_id] if topic_id is not None else [t.id for t in topics.topics]
    terms = [terms_of(a) for a in articles]
    verdicts = [topics.analyze(a) for a in articles]
    return [suggest_topic(topics, articles, i, limit, terms, verdicts) for i in ids]
