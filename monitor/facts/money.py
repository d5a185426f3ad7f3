"""Amounts of money in an article, normalised to won, with their kind (국비, 도비, …).

    >>> [(a.kind, a.krw) for a in find_amounts("3년간 국비 160억, 도비 16억, 시비 144억 등 325억 사업비가 확정됐다.")]
    [('국비', 16000000000), ('도비', 1600000000), ('시비', 14400000000), ('total', 32500000000)]

An amount is a number with the Korean units 조/억/만 (and 천/백 inside a group:
`1천500억`), optionally followed by 원: `62억원`, `4조119억원`, `5,000만원`,
`100조 원`, `850억\\n원` (a line break from a PDF). Without 원 only 억 and 조 count
(`국비 62억`), because `5만개`, `72만대`, `4만7000㎡` are counts and areas;
years (`2025년`), percents and dates (`5·18`) carry no unit and never match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
SMALL_UNITS = {"천": 1000, "백": 100}

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_GROUP = rf"{_NUMBER}(?:[천백]\d*)?"  # 5,000 | 2.5 | 3천 | 1천500
AMOUNT = re.compile(
    rf"(?<![\d.,])(?P<body>(?:{_GROUP}\s*[조억만]\s*)+(?:{_GROUP}(?![\d.]))?)(?P<won>\s*원)?"
    rf"|(?<![\d.,])(?P<plain>{_GROUP})\s*(?P<plainwon>원)"
)
# One group and its big unit, for summing a matched amount: 4조 | 119억 | 5,000만 | 500 (no unit).
GROUP_AND_UNIT = re.compile(rf"({_GROUP})\s*([조억만]?)")
BIG_UNIT = re.compile(r"[조억만]")
SPACES = re.compile(r"\s+")
# A unit followed by one of these is a count or another currency, not won.
NOT_WON_AFTER = re.compile(r"\s*(?:달러|유로|엔|위안|명|개|대|건|장|톤|가구|㎡|m|평|주|회|곳|km)")
# Kind words, looked for just before the amount (the closest wins). Order: longest first.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("총사업비", "total"),
    ("사업비", "total"),
    ("지방비", "지방비"),
    ("민간투자", "민자"),
    ("민자", "민자"),
    ("민간", "민자"),
    ("국비", "국비"),
    ("도비", "도비"),
    ("시비", "시비"),
    ("군비", "군비"),
    ("구비", "구비"),
    ("지방", "지방비"),  # 국비 3045억원, 지방 850억원
)
# "총 67억원", "… 등 325억": the sum of the amounts before it.
TOTAL_BEFORE = re.compile(r"(?:총|등|모두|합계|합쳐)$")
MAX_BEFORE = re.compile(r"(?:최대|최고|한도)$")
MAX_AFTER = re.compile(r"\s*(?:이내|한도|까지)")
KIND_WINDOW = 12  # characters before an amount searched for its kind, spaces removed
# Not a blank line: in PDF clippings a line break may fall inside a word ("국\n\n비37억원").
SENTENCE_END = re.compile(r"(?:다\.|[.!?]\s)")


@dataclass(frozen=True, slots=True)
class Amount:
    text: str  # as written, with its kind word and 최대 when they touch it: "국비 160억"
    krw: int
    kind: str | None  # 국비, 도비, 시비, 군비, 구비, 지방비, 민자, total; None when the text does not say
    max: bool = False  # an upper bound: 최대 2,000만원, 20만원 이내
    start: int = 0  # position in the searched text


def group_value(group: str) -> Decimal:
    """`5,000` -> 5000; `1천500` -> 1500; `3천` -> 3000; `2.5` -> 2.5."""
    group = group.replace(",", "")
    for unit, factor in SMALL_UNITS.items():
        if unit in group:
            head, _, tail = group.partition(unit)
            return Decimal(head or 1) * factor + (Decimal(tail) if tail else 0)
    return Decimal(group)


def parse_amount(body: str) -> int:
    """`4조119억` -> 4011900000000; `5,000만` -> 50000000; `100조` -> 10**14."""
    total = Decimal(0)
    for number, unit in GROUP_AND_UNIT.findall(body):
        total += group_value(number) * BIG_UNITS.get(unit, 1)
    return int(total)


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in `text`, in order, repeated mentions of the same figure and kind once."""
    found: list[Amount] = []
    seen: set[tuple[int, str | None, bool]] = set()
    previous_end = 0
    for match in AMOUNT.finditer(text):
        body = match.group("body") or match.group("plain")
        won = bool(match.group("won") or match.group("plainwon"))
        last_unit = BIG_UNIT.findall(body)[-1:] or [""]
        end = match.end()
        if not won:
            trailing_group = not body.rstrip().endswith(tuple(BIG_UNITS))
            if last_unit[0] not in ("억", "조") or trailing_group or NOT_WON_AFTER.match(text, end):
                continue
        before = _clause_before(text, max(previous_end, match.start() - 40), match.start())
        kind, kind_at = _kind(before)
        is_max = bool(MAX_BEFORE.search(before) or MAX_AFTER.match(text, end))
        krw = parse_amount(body)
        previous_end = end
        if krw == 0 or (krw, kind, is_max) in seen:
            continue
        seen.add((krw, kind, is_max))
        found.append(Amount(_surface(text, match.start(), end, before, kind_at, is_max), krw, kind, is_max,
                            match.start()))
    return found


def _clause_before(text: str, start: int, end: int) -> str:
    """The text before an amount back to the sentence start, spaces removed, at most KIND_WINDOW characters."""
    window = text[start:end]
    cuts = list(SENTENCE_END.finditer(window))
    if cuts:
        window = window[cuts[-1].end():]
    return SPACES.sub("", window)[-KIND_WINDOW:]


def _kind(before: str) -> tuple[str | None, int | None]:
    """The kind named closest before the amount, and where in `before` its word starts."""
    best: tuple[int, str, str] | None = None
    for word, kind in KIND_WORDS:
        at = before.rfind(word)
        if at >= 0 and (best is None or at + len(word) > best[0] + len(best[1])):
            best = (at, word, kind)
    if best is not None:
        return best[2], best[0]
    if TOTAL_BEFORE.search(before):
        return "total", None
    return None, None


def _surface(text: str, start: int, end: int, before: str, kind_at: int | None, is_max: bool) -> str:
    """The amount as written, with the kind word (or 최대) when it is right before it."""
    amount = SPACES.sub("", text[start:end].strip())
    prefix = ""
    if kind_at is not None and len(before) - kind_at <= 5:
        prefix = before[kind_at:]
    elif is_max and MAX_BEFORE.search(before):
        prefix = before[-2:]
    prefix = prefix.rstrip("(")
    return f"{prefix} {amount}" if prefix else amount
