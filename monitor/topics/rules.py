"""Proximity rules: concepts that count only when found together.

A rule's parts must all occur in one sentence (the default), or in one sentence within
`near` characters of each other (from the end of one to the start of the last), in the part of the article
the rule names (`where`), with none of its `unless` concepts in that sentence. Korean
policy news states a programme in one sentence (`전기자동차 277대 … 구매보조금을 지원한다`);
the same two words far apart are often two different stories on one page.

Every text of the article is tried on its own: each headline or subheadline (one
"sentence" each), the body, and the glued original of a body whose spaces were restored.
A rule whose first part (its subject, by convention: the vehicle, the crop, the facility)
was found but not the rest together is reported as a near-miss, so `monitor explain` can
say what was missing.

A rule counts like a keyword whose occurrences are the sentences where it holds: once for
the headline, and per body sentence up to `max_repeats` (see monitor.topics.scoring), so a
programme stated in several sentences outweighs a passing mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from monitor.topics.matcher import Span, TextHits
from monitor.topics.model import LEAD_CHARS, Concept, Rule, Where

# Where a sentence ends: ! ? 。 or a full stop that is not inside a number (`3.5조`), also
# when the next sentence follows without a space (`했다.기후부는`). A line break does not:
# broadcast scripts and wrapped text break lines inside sentences. The pattern opens with the
# marks themselves so that the regex engine skips to them; the look-behind (the digit, the stop,
# and a look-ahead for the digit after it) then rules out the stop inside a number.
SENTENCE_END_RE = re.compile(r"[!?。.](?<!\d\.(?=\d))")
LINE_BREAK_RE = re.compile(r"\n")
# A stretch this long without a full stop is not prose (menus, captions, lists, lost
# punctuation): its lines are taken as its sentences instead.
LONG_SENTENCE = 250
SNIPPET_MAX = 110  # characters of a rule's snippet before it is shortened in the middle


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule on one article: fired, or which parts were found and what was missing."""

    rule: Rule
    fired: bool
    snippet: str  # where it fired (the window, parts in brackets), or "" for a near-miss
    found: tuple[str, ...]  # parts seen somewhere in the rule's field
    missing: tuple[str, ...]  # parts seen nowhere
    headline: int = 0  # 1 when it holds in the headline or a subheadline
    body: int = 0  # body sentences where it holds
    points: float = 0.0  # set by scoring

    def where(self) -> str:
        parts = (["headline"] if self.headline else []) + ([f"body ×{self.body}"] if self.body else [])
        return ", ".join(parts)

    def line(self) -> str:
        """One line for evidence and `explain`."""
        if self.fired:
            return f"rule {self.rule.name}: {self.rule.window()}, {self.where()} (+{self.points:g}) {self.snippet}"
        if self.missing:
            return f"rule {self.rule.name}: found {', '.join(self.found)}; missing {', '.join(self.missing)}"
        return f"rule {self.rule.name}: found {', '.join(self.found)}, but not {self.rule.window()}"


def sentence_ends(text: str) -> list[int]:
    """Offsets where sentences of `text` end, sorted."""
    ends: list[int] = []
    start = 0
    for end in [m.start() for m in SENTENCE_END_RE.finditer(text)] + [len(text)]:
        if end - start > LONG_SENTENCE:
            ends.extend(m.start() for m in LINE_BREAK_RE.finditer(text, start, end))
        ends.append(end)
        start = end + 1
    return ends


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
    if matched.isdisjoint(concept.keys):
        return ()
    keys = [k for k in concept.keys if k in matched]
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


def _holds_in(rule: Rule, texts: RuleTexts, src: TextHits, is_headline: bool,
              parts: list[tuple[Span, ...]]) -> list[tuple[int, int]]:
    """The windows (one per sentence at most) where `rule` holds in `src`, where its parts are at `parts`."""
    if not all(parts):
        return []

    def sentence(offset: int) -> int:
        return 0 if is_headline else texts.sentence_of(src, offset)

    banned = {sentence(s[0]) for c in rule.unless for s in _spans(c, src, texts.matched, None)}
    by_sentence: dict[int, list[list[tuple[int, int, int]]]] = {}
    for index, spans in enumerate(parts):
        for start, end in spans:
            sid = sentence(start)
            if sid not in banned:
                by_sentence.setdefault(sid, [[] for _ in parts])[index].append((start, end, sid))
    windows: list[tuple[int, int]] = []
    for sid in sorted(by_sentence):
        tagged = by_sentence[sid]
        if not all(tagged):
            continue
        if rule.near is not None:
            window = _window(tagged, rule.near)
        else:
            picked = [spans[0] for spans in tagged]
            window = (min(s for s, _, _ in picked), max(e for _, e, _ in picked))
        if window is not None:
            windows.append(window)
    return windows


def evaluate(rule: Rule, texts: RuleTexts) -> RuleResult | None:
    """The rule's verdict on one article; None when its first part does not occur at all."""
    if texts.matched.isdisjoint(rule.parts[0].keys):
        return None  # the common case: the rule's subject is not in the article
    sources = texts.sources(rule.where)
    # where each part occurs in each text, looked up once for `seen` and for the windows
    found = [[_spans(c, src, texts.matched, limit) for c in rule.parts] for src, _, limit in sources]
    seen = [any(parts[i] for parts in found) for i in range(len(rule.parts))]
    if not seen[0]:
        return None
    headline = 0
    body: dict[int, int] = {}  # body sentences where it holds, per body source (restored, original)
    snippet = ""
    for index, ((src, is_headline, _), parts) in enumerate(zip(sources, found, strict=True)):
        windows = _holds_in(rule, texts, src, is_headline, parts)
        if windows and not snippet:
            snippet = _snippet(src, windows[0])
        if is_headline:
            headline = headline or int(bool(windows))
        else:
            body[index] = len(windows)
    if snippet:
        names = tuple(c.canonical for c in rule.parts)
        return RuleResult(rule, True, snippet, names, (), headline, max(body.values(), default=0))
    found = tuple(c.canonical for c, ok in zip(rule.parts, seen, strict=True) if ok)
    missing = tuple(c.canonical for c, ok in zip(rule.parts, seen, strict=True) if not ok)
    return RuleResult(rule, False, "", found, missing)
