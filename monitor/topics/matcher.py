"""Find every configured term in a text in one pass.

All surface forms of all topics (keywords, aliases, exclusions, require terms) go into one
Aho–Corasick automaton over their folded form (pyahocorasick: C, linear in the text length
whatever the number of keywords, which is what lets 300 topics cost about what 3 do).
A text is folded once, the automaton reports every occurrence, and the boundary rules
(monitor.topics.boundaries) drop the ones that are part of another word. A glued original
is matched with its restored text as `spacing`, whose word ends decide its right edges.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from monitor.topics.boundaries import EdgeShape, accept
from monitor.topics.fold import Folded, fold
from monitor.topics.model import Term

logger = logging.getLogger(__name__)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class TextHits:
    """One text, folded, and the accepted spans (in the original text) per `Term.key`."""

    text: str
    folded: Folded
    spans: dict[str, tuple[Span, ...]]

    def count(self, forms: Sequence[str]) -> tuple[Span, ...]:
        """Non-overlapping original spans where any of the folded `forms` matched, sorted."""
        if len(forms) == 1:  # the common case: one form's spans are sorted already
            one = self.spans.get(forms[0], ())
            if len(one) < 2 or all(a[1] <= b[0] for a, b in itertools.pairwise(one)):
                return one
        found = sorted({s for f in forms for s in self.spans.get(f, ())}, key=lambda s: (s[0], -s[1]))
        kept: list[Span] = []
        for span in found:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return tuple(kept)

    def snippet(self, span: Span, width: int = 24) -> str:
        """The match with some context around it, on one line."""
        start, end = span
        left = " ".join(self.text[max(0, start - width):start].split())
        right = " ".join(self.text[end:end + width].split())
        pre = "…" if start > width else ""
        post = "…" if end + width < len(self.text) else ""
        return f"{pre}{left}[{self.text[start:end]}]{right}{post}"


class Matcher:
    """One automaton for a set of terms."""

    def __init__(self, terms: Iterable[Term]) -> None:
        shapes: dict[str, EdgeShape] = {}  # by Term.key: a prefix form apart from the word
        folded_of: dict[str, str] = {}
        for term in terms:
            old = shapes.get(term.key)
            if old is not None and old.gaps != term.shape.gaps:
                # `AI 데이터센터` and `AI데이터센터`: a gap either form has is expected in the text
                merged = tuple(sorted(set(old.gaps) | set(term.shape.gaps)))
                shapes[term.key] = EdgeShape(old.length, old.first, old.last, merged, old.open_right)
            elif old is None:
                shapes[term.key] = term.shape
                folded_of[term.key] = term.folded
        by_folded: dict[str, list[tuple[str, EdgeShape]]] = {}
        for key, shape in shapes.items():
            by_folded.setdefault(folded_of[key], []).append((key, shape))
        self._automaton = ahocorasick.Automaton()
        for folded, entries in by_folded.items():
            self._automaton.add_word(folded, tuple(entries))
        self._empty = not shapes
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str, spacing: TextHits | None = None) -> TextHits:
        """Fold `text` and return the accepted occurrences of every term.

        `spacing`: the hits of the same text with its spacing restored (`Article.text` for
        `Article.original_text`); its word ends are the right-edge evidence for `text`.
        """
        folded = fold(text)
        edges = spacing.folded if spacing is not None else None
        if edges is not None and edges.chars != folded.chars:
            logger.debug("restored text does not line up with the original; spaces alone decide")
            edges = None
        spans: dict[str, list[Span]] = {}
        if not self._empty:
            for last, entries in self._automaton.iter(folded.chars):
                for key, shape in entries:
                    start, end = last - shape.length + 1, last + 1
                    if accept(folded, start, end, shape, edges):
                        spans.setdefault(key, []).append(folded.span(start, end))
        return TextHits(text, folded, {k: tuple(v) for k, v in spans.items()})
