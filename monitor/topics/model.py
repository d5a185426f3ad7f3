"""The compiled form of a topic file: topics made of keyword concepts and rules.

A *concept* is one thing a topic looks for, under one or more surface forms
(`스마트시티` / `스마트도시`): matching any form counts as the concept, and evidence and
`TopicMatch.keywords` name it by its canonical (first) form.

A *rule* is several concepts found together: in one sentence, or within `near`
characters of each other (`전기자동차 … 보조금`), in a chosen part of the article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from monitor.topics.boundaries import EdgeShape
from monitor.topics.fold import fold_keyword

Field = Literal["headline", "body"]
# Where a keyword, exclusion or rule counts: anywhere, the headline (and subheadlines),
# the lead (headline or the first LEAD_CHARS characters of the body) or the body.
Where = Literal["any", "headline", "lead", "body"]
WHERE_VALUES: tuple[Where, ...] = ("any", "headline", "lead", "body")
LEAD_CHARS = 300  # about the first two sentences of a news lead


@dataclass(frozen=True, slots=True)
class Term:
    """One surface form, folded and ready for the automaton."""

    surface: str
    folded: str
    shape: EdgeShape
    key: str = field(init=False)  # what the matcher reports it under: a prefix form apart from the word

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.folded + "*" if self.shape.open_right else self.folded)

    @classmethod
    def of(cls, surface: str) -> Term:
        """`surface` ending in `*` is a prefix form: any continuation is accepted (`보조*`)."""
        prefix = surface.endswith("*")
        folded, gaps = fold_keyword(surface.rstrip("*") if prefix else surface)
        return cls(surface, folded, EdgeShape.of(folded, gaps, open_right=prefix))


@dataclass(frozen=True, slots=True)
class Concept:
    """A keyword with its aliases and weight."""

    canonical: str
    forms: tuple[Term, ...]
    weight: float = 1.0
    where: Where = "any"  # where an occurrence counts
    keys: tuple[str, ...] = field(init=False)  # the forms' Term.key, looked up for every article

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(dict.fromkeys(t.key for t in self.forms)))


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A phrase that vetoes its topic when found in `where`."""

    concept: Concept
    where: Where = "any"


@dataclass(frozen=True, slots=True)
class Rule:
    """Concepts that count together: every part in one sentence (`near` None) or within
    `near` characters, in `where`, and none of `unless` in that sentence."""

    name: str
    parts: tuple[Concept, ...]
    near: int | None = None
    where: Where = "any"
    weight: float = 1.0
    unless: tuple[Concept, ...] = ()

    def window(self) -> str:
        """`in one sentence` or `within N characters`, for explanations."""
        return "in one sentence" if self.near is None else f"within {self.near} characters"


@dataclass(frozen=True, slots=True)
class Topic:
    """One configured topic. Scoring rules: see monitor.topics.scoring."""

    id: str
    name: str
    description: str
    min_score: float
    keywords: tuple[Concept, ...]
    exclude: tuple[Exclusion, ...] = ()
    require: tuple[tuple[Concept, ...], ...] = ()  # all groups must match; any concept in a group
    headline_weight: float = 2.0
    body_weight: float = 1.0
    max_repeats: int = 3
    rules: tuple[Rule, ...] = ()
    # Derived once and looked up for every article (monitor.topics.scoring), which matches only
    # a few forms: the keywords and the rules (by their first part) each form can count for, in
    # file order, and the forms of each require group with the line that names it when missing.
    keywords_by_key: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    rules_by_key: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    require_keys: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)
    require_names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keywords_by_key", _positions_by_key(self.keywords))
        object.__setattr__(self, "rules_by_key", _positions_by_key(rule.parts[0] for rule in self.rules))
        object.__setattr__(self, "require_keys",
                           tuple(frozenset(k for c in group for k in c.keys) for group in self.require))
        object.__setattr__(self, "require_names", tuple(" | ".join(dict.fromkeys(t.surface for c in g for t in c.forms))
                                                        for g in self.require))

    def concepts(self) -> tuple[Concept, ...]:
        """Every concept the topic looks for: keywords, exclusions, require terms and rule parts."""
        req = tuple(c for group in self.require for c in group)
        ruled = tuple(c for rule in self.rules for c in (*rule.parts, *rule.unless))
        return self.keywords + tuple(e.concept for e in self.exclude) + req + ruled


def _positions_by_key(concepts: Iterable[Concept]) -> dict[str, tuple[int, ...]]:
    """Each form key -> the positions of the concepts that have it, in order."""
    positions: dict[str, list[int]] = {}
    for index, concept in enumerate(concepts):
        for key in concept.keys:
            positions.setdefault(key, []).append(index)
    return {key: tuple(found) for key, found in positions.items()}
