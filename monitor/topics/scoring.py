"""Turn the term occurrences of one article into a verdict per topic.

Score of a topic = sum over its matched keywords of
    weight * headline_weight            if the keyword is in the headline (counted once)
  + weight * body_weight * min(n, max_repeats)   for n occurrences in the body.
Repeats are capped so that one keyword said ten times does not outweigh three different
keywords said once: breadth of evidence is what separates a policy article from a passing
mention.

A keyword with `where` counts only there (`lead`: the headline or the first LEAD_CHARS
characters of the body). A rule (monitor.topics.rules) scores the same way, its occurrences
being the sentences where it holds: weight * headline_weight for the headline, plus
weight * body_weight * min(sentences, max_repeats).

A topic is accepted when its score reaches `min_score`, no exclusion vetoes it and every
`require` group found at least one of its terms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from monitor.models import TopicMatch
from monitor.topics.matcher import Span, TextHits
from monitor.topics.model import LEAD_CHARS, Concept, Exclusion, Field, Topic, Where
from monitor.topics.rules import RuleResult, RuleTexts, evaluate


class ArticleHits:
    """The matcher's output for one article's fields, looked up per concept.

    Most concepts of most topics match nothing in a given article; the set of forms that
    matched anywhere lets those be skipped without touching the spans (300 topics).
    """

    __slots__ = ("_found", "body", "headline", "matched", "texts")

    def __init__(self, headline: tuple[TextHits, ...], body: tuple[TextHits, ...]) -> None:
        self.headline = headline  # headline and subheadlines
        self.body = body  # restored text, and the original text when spacing was restored
        self.matched = frozenset(form for src in (*headline, *body) for form in src.spans)
        self.texts = RuleTexts(headline, body, self.matched)
        # concepts are shared (a require term is often a keyword too, @groups across topics)
        self._found: dict[tuple[tuple[str, ...], Field], tuple[TextHits | None, tuple[Span, ...]]] = {}

    def find_where(self, concept: Concept, field: Field, where: Where) -> tuple[TextHits | None, tuple[Span, ...]]:
        """`find`, limited to what `where` covers of `field`."""
        if (field == "headline" and where == "body") or (field == "body" and where == "headline"):
            return None, ()
        src, spans = self.find(concept, field)
        if field == "body" and where == "lead":
            spans = tuple(s for s in spans if s[0] < LEAD_CHARS)
        return (src, spans) if spans else (None, ())

    def find(self, concept: Concept, field: Field) -> tuple[TextHits | None, tuple[Span, ...]]:
        """Occurrences of `concept` in `field`: the first headline text that has it, or the
        body source (restored or original) that has the most."""
        if self.matched.isdisjoint(concept.keys):
            return None, ()
        cached = self._found.get((concept.keys, field))
        if cached is None:
            cached = self._found[(concept.keys, field)] = self._find(concept, field)
        return cached

    def _find(self, concept: Concept, field: Field) -> tuple[TextHits | None, tuple[Span, ...]]:
        forms = [k for k in concept.keys if k in self.matched]
        if field == "headline":
            for src in self.headline:
                spans = src.count(forms)
                if spans:
                    return src, spans
            return None, ()
        best: tuple[TextHits | None, tuple[Span, ...]] = (None, ())
        for src in self.body:
            spans = src.count(forms)
            if len(spans) > len(best[1]):
                best = (src, spans)
        return best


@dataclass(frozen=True, slots=True)
class Evidence:
    """One matched concept in one article."""

    concept: Concept
    headline: int  # 0 or 1: the headline counts once
    body: int  # occurrences in the body (uncapped)
    points: float
    snippet: str  # first occurrence with context

    def line(self) -> str:
        where = []
        if self.headline:
            where.append("headline")
        if self.body:
            where.append(f"body ×{self.body}")
        return f"{self.concept.canonical}: {', '.join(where)} (+{self.points:g}) {self.snippet}"


@dataclass(frozen=True, slots=True)
class Veto:
    """The exclusion that vetoed a topic, and where it was found."""

    exclusion: Exclusion
    field: Field
    snippet: str


@dataclass(frozen=True, slots=True)
class TopicResult:
    """Everything known about one topic for one article; `explain` prints it."""

    topic: Topic
    score: float
    evidence: tuple[Evidence, ...]
    veto: Veto | None
    missing: tuple[str, ...]  # require groups with no match, every form as "a | b"
    rules: tuple[RuleResult, ...] = ()  # rules that fired, and near-misses (some parts found)

    @property
    def fired(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.fired)

    @property
    def accepted(self) -> bool:
        return self.score >= self.topic.min_score and self.score > 0 and self.veto is None and not self.missing

    def to_match(self) -> TopicMatch:
        fired = self.fired
        return TopicMatch(
            topic_id=self.topic.id,
            score=round(self.score, 3),
            min_score=self.topic.min_score,
            accepted=self.accepted,
            keywords=tuple(e.concept.canonical for e in self.evidence) + tuple(r.rule.name for r in fired),
            evidence=tuple(e.line() for e in self.evidence) + tuple(r.line() for r in fired),
            vetoed_by=self.veto.exclusion.concept.canonical if self.veto else None,
            missing=self.missing,
        )


def _evidence(topic: Topic, concept: Concept, hits: ArticleHits) -> Evidence | None:
    if hits.matched.isdisjoint(concept.keys):
        return None
    head_src, head_spans = hits.find_where(concept, "headline", concept.where)
    body_src, body_spans = hits.find_where(concept, "body", concept.where)
    if not head_spans and not body_spans:
        return None
    points = _points(topic, concept.weight, 1 if head_spans else 0, len(body_spans))
    src, span = (head_src, head_spans[0]) if head_spans else (body_src, body_spans[0])
    assert src is not None
    return Evidence(concept, 1 if head_spans else 0, len(body_spans), points, src.snippet(span))


def _points(topic: Topic, weight: float, headline: int, body: int) -> float:
    """What a keyword or a rule found in the headline (0 or 1) and `body` times is worth."""
    return weight * (topic.headline_weight * headline + topic.body_weight * min(body, topic.max_repeats))


def _rule_points(topic: Topic, result: RuleResult) -> RuleResult:
    """A rule scores like a keyword: its sentences are its occurrences."""
    if not result.fired:
        return result
    return replace(result, points=_points(topic, result.rule.weight, result.headline, result.body))


def _veto(topic: Topic, hits: ArticleHits) -> Veto | None:
    for exclusion in topic.exclude:
        if hits.matched.isdisjoint(exclusion.concept.keys):
            continue  # found in no field: the usual case
        for field in ("headline", "body"):
            src, spans = hits.find_where(exclusion.concept, field, exclusion.where)
            if src is not None and spans:
                return Veto(exclusion, field, src.snippet(spans[0]))
    return None


def _touched(positions_by_key: dict[str, tuple[int, ...]], matched: frozenset[str]) -> list[int]:
    """The positions, in order, of the concepts some matched form belongs to: the others found nothing."""
    return sorted({i for key in matched for i in positions_by_key.get(key, ())})


def score_topic(topic: Topic, hits: ArticleHits) -> TopicResult:
    """The verdict for one topic."""
    matched = hits.matched
    keywords, all_rules = topic.keywords, topic.rules
    evidence = tuple(e for e in (_evidence(topic, keywords[i], hits) for i in _touched(topic.keywords_by_key, matched))
                     if e is not None)
    # A matched form has an accepted occurrence in some field: a group with one is found.
    missing = tuple(name for name, keys in zip(topic.require_names, topic.require_keys, strict=True)
                    if matched.isdisjoint(keys))
    rules = tuple(_rule_points(topic, r) for r in (evaluate(all_rules[i], hits.texts)
                                                    for i in _touched(topic.rules_by_key, matched))
                  if r is not None)
    score = sum(e.points for e in evidence) + sum(r.points for r in rules)
    return TopicResult(topic, score, evidence, _veto(topic, hits), missing, rules)
