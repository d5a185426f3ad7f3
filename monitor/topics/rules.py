"""Proximity rules: concepts that count only when found together.

A rule's parts must all occur in one sentence (the default) or within `near` characters
of each other (from the end of one to the start of the last), in the part of the article
the rule names (`where`), with none of its `unless` concepts in that sentence. Korean
policy news states a programme in one sentence (`전기자동차 277대 … 구매보조금을 지원한다`);
the same two words far apart are often two different stories on one page.

Every text of the article is tried on its own: each headline or subheadline (one
"sentence" each), the body, and the glued original of a body whose spaces were restored.
A rule that found some of its parts but not all together is reported as a near-miss, so
`monitor explain` can say what was missing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from monitor.topics.matcher import Span, TextHits
from monitor.topics.model import LEAD_CHARS, Concept, Rule, Where

# Where a sentence ends: a line break; ! ? 。; a full stop that is not inside a number
# (`3.5조`) — also when the next sentence follows without a space (`했다.기후부는`).
SENTENCE_END_RE = re.compile(r"\n|[!?。]|(?<!\d)\.|\.(?!\d)")
SNIPPET_MAX = 110  # characters of a rule's snippet before it is shortened in the middle


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule on one article: fired, or which parts were found and what was missing."""

    rule: Rule
    fired: bool
    snippet: str  # where it fired (the window, parts in brackets), or "" for a near-miss
    found: tuple[str, ...]  # parts seen somewhere in the rule's field
    missing: tuple[str, ...]  # parts seen nowhere

    def line(self) -> str:
        """One line for evidence and `explain`."""
        if self.fired:
            return f"rule {self.rule.name}: {self.rule.window()} (+{self.rule.weight:g}) {self.snippet}"
        if self.missing:
            return f"rule {self.rule.name}: found {', '.join(self.found)}; missing {', '.join(self.missing)}"
        return f"rule {self.rule.name}: found {', '.join(self.found)}, but not {self.rule.window()}"


def sentence_ends(text: str) -> list[int]:
    """Offsets where sentences of `text` end, sorted."""
    return [m.start() for m in SENTENCE_END_RE.finditer(text)]


class RuleTexts:
    """The texts of one article a rule may look at, with sentence ends computed once."""

    __slots__ = ("_ends", "body", "headline", "matched")

    def __init__(self, headline: tuple[TextHits, ...], body: tuple[TextHits, ...], matched: frozenset[str]) -> None:
        self.headline = headline
        self.body = body
        self.matched = matched
        self._ends: dict[int, list[int]] = {}

    def sentence_of(self, src: TextHits, offset: int) -> int:
        ends = self._ends.get(id(src))
        if ends is None:
            ends = self._ends[id(src)] = sentence_ends(src.text)
        return bisect_right(ends, offset - 1) if ends else 0

    def sources(self, where: Where) -> list[tuple[TextHits, bool, int | None]]:
        """(text, is a headline, character limit) for each text `where` covers."""
        out: list[tuple[TextHits, bool, int | None]] = []
        if where != "body":
            out.extend((h, True, None) for h in self.headline)
        if where != "headline":
            limit = LEAD_CHARS if where == "lead" else None
            out.extend((b, False, limit) for b in self.body)
        return out


def _spans(concept: Concept, src: TextHits, matched: frozenset[str], limit: int | None) -> tuple[Span, ...]:
    keys = [t.key for t in concept.forms if t.key in matched]
    if not keys:
        return ()
    spans = src.count(keys)
    return tuple(s for s in spans if s[0] < limit) if limit is not None else spans


def _window(found: list[list[tuple[int, int, int]]], near: int) -> tuple[int, int] | None:
    """The first window holding a span of every part with at most `near` characters between
    the earliest end and the latest start, as (start, end); found[i] = spans of part i."""
    events = sorted((s, e, i) for i, spans in enumerate(found) for s, e, _ in spans)
    last: dict[int, tuple[int, int]] = {}
    for start, end, part in events:
        last[part] = (start, end)
        if len(last) == len(found):
            first_end = min(e for _, e in last.values())
            if start - first_end <= near:
                return min(s for s, _ in last.values()), max(e for _, e in last.values())
    return None


def _snippet(src: TextHits, window: tuple[int, int]) -> str:
    text = src.snippet(window, width=16)
    if len(text) > SNIPPET_MAX:
        half = SNIPPET_MAX // 2
        text = f"{text[:half]}…{text[-half:]}"
    return text


def _fire_in(rule: Rule, texts: RuleTexts, src: TextHits, is_headline: bool, limit: int | None) -> str | None:
    """The snippet where `rule` holds in `src`, or None."""
    parts = [_spans(c, src, texts.matched, limit) for c in rule.parts]
    if not all(parts):
        return None
    def sentence(offset: int) -> int:
        return 0 if is_headline else texts.sentence_of(src, offset)
    banned = {sentence(s[0]) for c in rule.unless for s in _spans(c, src, texts.matched, None)}
    tagged = [[(s, e, sentence(s)) for s, e in spans if sentence(s) not in banned] for spans in parts]
    if not all(tagged):
        return None
    if rule.near is not None:
        window = _window(tagged, rule.near)
        return _snippet(src, window) if window else None
    common = set.intersection(*({sid for _, _, sid in spans} for spans in tagged))
    if not common:
        return None
    sid = min(common)
    picked = [next((s, e) for s, e, i in spans if i == sid) for spans in tagged]
    return _snippet(src, (min(s for s, _ in picked), max(e for _, e in picked)))


def evaluate(rule: Rule, texts: RuleTexts) -> RuleResult | None:
    """The rule's verdict on one article; None when none of its parts occurs at all."""
    sources = texts.sources(rule.where)
    seen = [any(_spans(c, src, texts.matched, limit) for src, _, limit in sources) for c in rule.parts]
    if not any(seen):
        return None
    for src, is_headline, limit in sources:
        snippet = _fire_in(rule, texts, src, is_headline, limit)
        if snippet is not None:
            return RuleResult(rule, True, snippet, tuple(c.canonical for c in rule.parts), ())
    found = tuple(c.canonical for c, ok in zip(rule.parts, seen, strict=True) if ok)
    missing = tuple(c.canonical for c, ok in zip(rule.parts, seen, strict=True) if not ok)
    return RuleResult(rule, False, "", found, missing)
