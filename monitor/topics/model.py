"""The compiled form of a topic file: topics made of keyword concepts.

A *concept* is one thing a topic looks for, under one or more surface forms
(`스마트시티` / `스마트도시`): matching any form counts as the concept, and evidence and
`TopicMatch.keywords` name it by its canonical (first) form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from monitor.topics.boundaries import EdgeShape
from monitor.topics.fold import fold_keyword

Field = Literal["headline", "body"]
Where = Literal["any", "headline", "body"]
WHERE_VALUES: tuple[Where, ...] = ("any", "headline", "body")


@dataclass(frozen=True, slots=True)
class Term:
    """One surface form, folded and ready for the automaton."""

    surface: str
    folded: str
    shape: EdgeShape

    @classmethod
    def of(cls, surface: str) -> Term:
        folded, gaps = fold_keyword(surface)
        return cls(surface, folded, EdgeShape.of(folded, gaps))


@dataclass(frozen=True, slots=True)
class Concept:
    """A keyword with its aliases and weight."""

    canonical: str
    forms: tuple[Term, ...]
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A phrase that vetoes its topic when found in `where`."""

    concept: Concept
    where: Where = "any"


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

    def concepts(self) -> tuple[Concept, ...]:
        """Every concept the topic looks for: keywords, exclusions and require terms."""
        req = tuple(c for group in self.require for c in group)
        return self.keywords + tuple(e.concept for e in self.exclude) + req
