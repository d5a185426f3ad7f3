"""The money box of a digest section: one line per announcement, its figures as a reader can trust them.

A section shows each story once, and a story is one announcement, so the box has one `MoneyLine`
per story (whichever copies state its figures), under the story's main region:

    전주 · 전주, 거점형 스마트시티 선정: 총 325억 원 (국비 160억 원 + 도비 16억 원 + 시비 144억 원)

- A figure whose parts the article states is shown with them, never beside them: parts that sum to
  it exactly are its breakdown (`+`; `국비 62억 원 (37억 원 + 25억 원)`), parts stated with it that
  do not add up are marked as included (`총 67억 원 (국비 37억 원 포함)`).
- Per-unit amounts and 최대 amounts are caps (`1대당 최대 5,000만 원`), listed after the money and
  never part of a sum; money of the past (지난해, 누적) is listed last, as 참고.
- An amount without a kind is usually background (`100조 원` of a campaign promise): it is shown
  only when it is the sum of stated parts, or when the story has no other figure (the largest).

Data interface for templates (the HTML box and the text part render the same lines):
`section.money` is a tuple of `MoneyLine`; `line.region`, `line.what` (the story's headline),
`line.figures_text` (everything after the colon above) and `line.text` (the whole line) are strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from monitor.facts import Amount, Facts
from monitor.facts.krw import format_amount

NO_REGION = "지역 미상"
KIND_LABELS = {"total": "총", None: ""}
# Parts are listed in this order (a joint kind after the single ones), then by size.
KIND_ORDER = ("total", "국비", "도비", "시비", "군비", "구비", "지방비", "민자")
# Below this an amount is a price or a rate (kWh당 2.5원, 입장료 3,000원), not a programme's money.
MIN_KRW = 10_000
# Parts stated within this many characters of a total (in one article) are shares of it: "총 67억원(국비 37억원…".
NEAR = 60
FAR = 10**9  # the distance of amounts of different copies
# Breakdowns are searched among this many figures of a story, up to this many parts: enough for a
# real announcement (총사업비, 국비, 도비, 시비, 민자), small enough for a brute-force search.
MAX_FIGURES = 12
MAX_PARTS = 5
# A reader scans the box: at most this many figures a line (the biggest), and caps and past money.
MAX_SHOWN = 6


@dataclass(frozen=True, slots=True)
class Figure:
    """An amount as the box shows it, with its parts."""

    amount: Amount
    parts: tuple[Figure, ...] = ()
    complete: bool = False  # the parts sum to the amount exactly; else they are included in it

    @property
    def label(self) -> str:
        if self.amount.kind is None and self.complete:
            return KIND_LABELS["total"]  # a kindless figure shown as the sum of its stated parts
        return KIND_LABELS.get(self.amount.kind, self.amount.kind or "")

    def text(self, parent_kind: str | None = None) -> str:
        """ "국비 160억 원"; a part of the same kind as its parent without its label: "37억 원"."""
        label = "" if parent_kind is not None and self.amount.kind == parent_kind else self.label
        shown = f"{label} {format_amount(self.amount)}" if label else format_amount(self.amount)
        if not self.parts:
            return shown
        inner = [part.text(self.amount.kind) for part in self.parts]
        return f"{shown} ({' + '.join(inner)})" if self.complete else f"{shown} ({' · '.join(inner)} 포함)"


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """One announcement: region, what, its money (totals with their parts), its caps, its past money."""

    region: str
    what: str  # the story's headline
    figures: tuple[Figure, ...]
    caps: tuple[Figure, ...] = ()  # per-unit and 최대 amounts, as stated
    context: tuple[Figure, ...] = ()  # money of the past (지난해, 누적): 참고

    @property
    def krw(self) -> int:
        """The largest figure announced (for ordering; never a sum)."""
        return max((f.amount.krw for f in (*self.figures, *self.caps, *self.context)), default=0)

    @property
    def figures_text(self) -> str:
        shown = [f.text() for f in self.figures] + [f.text() for f in self.caps]
        if self.context:
            shown.append("참고: " + ", ".join(f.text() for f in self.context))
        return " · ".join(shown)

    @property
    def text(self) -> str:
        return f"{self.region} · {self.what}: {self.figures_text}"


def money_box(stories: Iterable[tuple[str, Sequence[Facts]]]) -> tuple[MoneyLine, ...]:
    """(headline, facts of each of its copies, the shown article first) per story -> one line per story.

    Lines are grouped by region (the region with the largest figure first, "지역 미상" last) and by
    size within a region.
    """
    lines: list[MoneyLine] = []
    for headline, copies in stories:
        line = story_line(headline, copies)
        if line is not None:
            lines.append(line)
    top: dict[str, int] = {}
    for line in lines:
        top[line.region] = max(top.get(line.region, 0), line.krw)
    return tuple(sorted(lines, key=lambda ln: (ln.region == NO_REGION, -top[ln.region], ln.region, -ln.krw)))


def story_line(headline: str, copies: Sequence[Facts]) -> MoneyLine | None:
    """The money line of one story, or None when it names no money."""
    if not copies:
        return None
    stated = [(copy, a) for copy, a in merged_amounts(copies) if a.krw >= MIN_KRW]
    caps = [a for _, a in stated if not a.past and (a.max or a.per_unit)]
    announced = [(copy, a) for copy, a in stated if not a.past and not (a.max or a.per_unit)]
    figures = structure(announced)
    context = structure([(copy, a) for copy, a in stated if a.past]) or [
        Figure(a) for _, a in stated if a.past and a.kind is None][:1]
    if not figures and not caps:
        background = [a for _, a in announced if a.kind is None]
        figures = [Figure(max(background, key=lambda a: a.krw))] if background else []
    if not figures and not caps and not context:
        return None
    region = copies[0].main_region.name if copies[0].main_region else NO_REGION
    return MoneyLine(region, headline, tuple(figures[:MAX_SHOWN]), tuple(Figure(a) for a in caps[:MAX_SHOWN]),
                     tuple(context[:MAX_SHOWN]))


def merged_amounts(copies: Sequence[Facts]) -> list[tuple[int, Amount]]:
    """(copy index, amount) for the amounts of every copy, each figure once: the same figure and kind,
    a kindless repeat of a figure a copy gives a kind, or a cap's figure without its 최대, is the
    announcement's figure stated again. The shown article's come first."""
    seen: set[tuple[int, str | None, bool, int | None]] = set()
    kinded = {(a.krw, a.max) for facts in copies for a in facts.amounts if a.kind is not None}
    # "국비 최대 200억원" in one place, "국비 200억원" in another: the cap, stated twice.
    capped = {(a.krw, a.kind) for facts in copies for a in facts.amounts if a.max}
    merged: list[tuple[int, Amount]] = []
    for copy_index, facts in enumerate(copies):
        for a in facts.amounts:
            key = (a.krw, a.kind, a.max, a.upto)
            restated = (a.kind is None and (a.krw, a.max) in kinded) or (not a.max and (a.krw, a.kind) in capped)
            if key in seen or restated:
                continue
            seen.add(key)
            merged.append((copy_index, a))
    return merged


def structure(announced: Sequence[tuple[int, Amount]]) -> list[Figure]:
    """Totals with their parts, then the figures that are part of nothing; the largest first.

    `announced` is (copy index, amount): a share is "stated beside" its total only within one copy.
    """
    if all(a.kind is None for _, a in announced):
        return []
    copy_of = {id(a): copy for copy, a in announced}
    candidates = sorted((a for _, a in announced), key=lambda a: (-a.krw, a.kind != "total"))[:MAX_FIGURES]
    exact: dict[int, tuple[Amount, ...]] = {}  # index in candidates -> its parts summing to it
    for i, whole in enumerate(candidates):
        if parts := _breakdown(whole, [a for a in candidates[i + 1:] if a.kind is not None], copy_of):
            exact[i] = parts
    in_sums = {id(p) for parts in exact.values() for p in parts}
    heads: list[Figure] = []
    attached: set[int] = set()
    for i, whole in enumerate(candidates):
        if id(whole) in in_sums or (whole.kind is None and i not in exact):
            continue  # a part of a figure shown, or a kindless background figure
        if i in exact:
            heads.append(Figure(whole, _in_order(exact[i]), complete=True))
        elif whole.kind == "total":
            near = [a for a in candidates if id(a) not in attached and copy_of[id(a)] == copy_of[id(whole)]
                    and _share_of(a, whole)]
            attached.update(id(a) for a in near)
            heads.append(Figure(whole, _in_order(near)))
        else:
            heads.append(Figure(whole))
    # A share stated beside its total is shown inside it, not again on its own.
    heads = [h for h in heads if id(h.amount) not in attached]
    return sorted(heads, key=lambda f: (f.label != "총" and f.amount.kind is not None, -f.amount.krw))


def _breakdown(whole: Amount, smaller: Sequence[Amount], copy_of: dict[int, int]) -> tuple[Amount, ...] | None:
    """The stated parts that sum to `whole` exactly; None when none do.

    Round figures add up by chance (40 + 20 + 10 = 70 across two projects), so of several sums the
    one whose parts are stated closest to the whole wins (the farthest part nearest), then more parts.
    """
    if not _summable(whole):
        return None
    pool = [a for a in smaller if _summable(a) and a.krw < whole.krw and _fits(whole, a)]
    best: tuple[tuple[int, int], tuple[Amount, ...]] | None = None
    for size in range(2, min(MAX_PARTS, len(pool)) + 1):
        for parts in combinations(pool, size):
            if sum(p.krw for p in parts) == whole.krw and _consistent(whole, parts):
                farthest = max(_distance(p, whole) if copy_of[id(p)] == copy_of[id(whole)] else FAR for p in parts)
                score = (-farthest, size)
                if best is None or score > best[0]:
                    best = (score, parts)
    return best[1] if best else None


def _in_order(parts: Iterable[Amount]) -> tuple[Figure, ...]:
    """Parts as a reader expects them: 국비, 도비, 시비, …, 민자; a joint kind after them; larger first."""
    def rank(a: Amount) -> tuple[int, int]:
        return (KIND_ORDER.index(a.kind) if a.kind in KIND_ORDER else len(KIND_ORDER), -a.krw)
    return tuple(Figure(a) for a in sorted(parts, key=rank))


def _summable(a: Amount) -> bool:
    # A range or an approximate figure (약, 여, 이상) is not an exact sum, nor a part of one; 규모 names the size.
    return a.upto is None and a.approx in (None, "규모")


def _fits(whole: Amount, part: Amount) -> bool:
    """Can `part` be a share of `whole`: anything kinded of a total, 국비 of 국비·시비, 국비 of 국비."""
    if whole.kind in (None, "total"):
        return part.kind is not None
    if len(whole.kinds) > 1:
        return part.kind is not None and set(part.kinds) < set(whole.kinds)
    return part.kind == whole.kind


def _consistent(whole: Amount, parts: Sequence[Amount]) -> bool:
    """Parts of a total are different kinds (국비 + 도비 + 시비) or all totals (two projects of one
    programme); parts of one kind (국비 62억 = 37억 + 25억) are all that kind."""
    kinds = [p.kind for p in parts]
    if whole.kind in (None, "total"):
        if all(k == "total" for k in kinds):
            return True
        return "total" not in kinds and len(set(kinds)) == len(kinds)
    return len(whole.kinds) == 1 or len(set(kinds)) == len(kinds)


def _share_of(part: Amount, total: Amount) -> bool:
    """A kinded amount stated right beside a total (callers check it is the same copy), and smaller."""
    return part is not total and part.kind not in (None, "total") and part.krw < total.krw and _beside(part, total)


def _beside(a: Amount, b: Amount) -> bool:
    """Some statement of `a` is within NEAR characters of one of `b` (positions of one copy)."""
    return _distance(a, b) <= NEAR


def _distance(a: Amount, b: Amount) -> int:
    return min(abs(p - q) for p in a.mentions or (a.start,) for q in b.mentions or (b.start,))
