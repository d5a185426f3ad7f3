"""Facts summed up over many articles: the money box of a digest section.

A section shows each story once, so the box takes one article per story and
lists, under the story's main region, the amounts whose kind the text states
(국비, 도비, total, …) — an amount without a kind is usually background
(`100조 원` of a campaign promise), so it is shown only when the story has no
kinded amount at all, and then only the largest one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from monitor.facts import Amount, Facts

NO_REGION = "지역 미상"
# A reader scans the box, not reads it: a few lines per region.
MAX_PER_REGION = 6
KIND_ORDER = ("total", "국비", "도비", "시비", "군비", "구비", "지방비", "민자", None)
KIND_LABELS = {"total": "총사업비", None: ""}


@dataclass(frozen=True, slots=True)
class MoneyLine:
    text: str  # as written: "국비 160억"
    krw: int
    kind: str | None
    label: str  # kind for display: 총사업비, 국비, …; "" when unknown
    headline: str  # of the story it comes from


@dataclass(frozen=True, slots=True)
class MoneyRegion:
    region: str
    lines: tuple[MoneyLine, ...]

    @property
    def total_krw(self) -> int:
        return sum(line.krw for line in self.lines if line.kind == "total")


def story_amounts(amounts: Iterable[Amount]) -> list[Amount]:
    """The amounts worth a line in the box (see the module docstring)."""
    amounts = list(amounts)
    kinded = [a for a in amounts if a.kind is not None]
    if kinded:
        return sorted(kinded, key=lambda a: KIND_ORDER.index(a.kind))
    return [max(amounts, key=lambda a: a.krw)] if amounts else []


def money_box(stories: Iterable[tuple[str, Facts]]) -> tuple[MoneyRegion, ...]:
    """(headline, facts of the representative article) per story -> amounts by main region, regions by size."""
    by_region: dict[str, list[MoneyLine]] = {}
    for headline, facts in stories:
        lines = [MoneyLine(a.text, a.krw, a.kind, KIND_LABELS.get(a.kind, a.kind or ""), headline)
                 for a in story_amounts(facts.amounts)]
        if lines:
            region = facts.main_region.name if facts.main_region else NO_REGION
            by_region.setdefault(region, []).extend(lines)
    rows = [MoneyRegion(region, tuple(lines[:MAX_PER_REGION])) for region, lines in by_region.items()]
    return tuple(sorted(rows, key=lambda row: (row.region == NO_REGION, -max(line.krw for line in row.lines))))


def format_krw(krw: int) -> str:
    """6200000000 -> "62억원"; 4011900000000 -> "4조119억원"; 50000000 -> "5,000만원"."""
    jo, rest = divmod(krw, 10**12)
    eok, rest = divmod(rest, 10**8)
    man, won = divmod(rest, 10**4)
    parts = [f"{jo:,}조" if jo else "", f"{eok:,}억" if eok else "", f"{man:,}만" if man else "",
             f"{won:,}" if won else ""]
    return ("".join(parts) or "0") + "원"
