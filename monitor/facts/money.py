"""Amounts of money in an article, normalised to won, with their kind (국비, 도비, …).

    >>> [(a.kind, a.krw) for a in find_amounts("3년간 국비 160억, 도비 16억, 시비 144억 등 325억 사업비가 확정됐다.")]
    [('국비', 16000000000), ('도비', 1600000000), ('시비', 14400000000), ('total', 32500000000)]

An amount is a number with the Korean units 조/억/만 (and 천/백 inside a group:
`1천500억`), optionally followed by 원: `62억원`, `4조119억원`, `5,000만원`,
`100조 원`, `850억\\n원` (a line break from a PDF). Without 원 only 억 and 조 count
(`국비 62억`), because `5만개`, `72만대`, `4만7000㎡` are counts and areas;
years (`2025년`), percents and dates (`5·18`) carry no unit and never match.

What the words around an amount say about it is kept, so a reader is not misled:

    >>> a = find_amounts("국비와 시비 97억5천만원을 들여")[0]; (a.kind, a.krw)
    ('국비·시비', 9750000000)
    >>> [(a.per_unit, a.max, a.approx, a.upto) for a in find_amounts("1대당 최대 5,000만원, 약 10억~20억 원")]
    [('1대당', True, None, None), (None, False, '약', 2000000000)]

- joint funding (`국비와 시비`, `국·도비`, `도비·시비`) gets a joint kind, `국비·시비`; with
  `각`/`각각` (`국비와 시비 각 5억 원`) it is split into one amount per kind;
- per-unit amounts (`1대당`, `가구당`, `1인당`, `사업지당`, `…씩`, `각`) keep their unit;
- `약`, `가량`, `…억여 원`, `규모`, `이상` are kept as a qualifier (`approx`);
- a range `10억~20억 원` / `10~20억 원` is one amount from `krw` up to `upto`;
- money of the past (`지난해 …`, `누적`, `그동안`) is flagged `past`, as it is not what is announced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
SMALL_UNITS = {"천": 1000, "백": 100}

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_GROUP = rf"{_NUMBER}(?:[천백](?: ?\d+)?)?"  # 5,000 | 2.5 | 3천 | 1천500 | 1천 900
AMOUNT = re.compile(
    # 여 between the amount and 원 ("100억여 원") means "somewhat more than"
    rf"(?<![\d.,])(?P<body>(?:{_GROUP}\s*[조억만]\s*)+(?:{_GROUP}(?![\d.]))?)(?P<yeo>여(?=\s*원))?(?P<won>\s*원)?"
    rf"|(?<![\d.,])(?P<plain>{_GROUP})\s*(?P<plainwon>원)"
)
# Where an amount may start: a run of digits (a digit after a digit, `.` or `,` never starts one).
# Searched for first because AMOUNT opens with a look-behind, which makes the regex engine try
# every character of the text; a plain character class lets it skip to the digits in C.
DIGIT_RUN = re.compile(r"\d+")
# The lower end of a range before an amount: "10억~" (its own unit) or "10~" (the unit of the upper end).
RANGE_DASH = r"\s*[~∼〜～]\s*"
RANGE_LOW = re.compile(
    rf"(?<![\d.,])(?P<low>(?:{_GROUP}\s*[조억만]\s*)*{_GROUP}(?:\s*[조억만])?)\s*(?:원)?{RANGE_DASH}$")
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
# Joint funding, spaces removed: 국비와시비, 국비및도비, 국비·도비, 국·도비, 국ㆍ도ㆍ시비, 국도비, 시군비.
# A glued pair without a separator is only taken where it starts with 국 or is 시군비 (도시비 is 도시+비…).
JOINT = re.compile(
    r"(?:[국도시군구]비(?:와|과|및|[·ㆍ,/]))+[국도시군구]비"  # 국비와시비, 국비·도비·시비
    r"|(?:[국도시군구][·ㆍ])+[국도시군구]비"  # 국·도비, 도·시비
    r"|국[도시군구]{1,2}비|시군비"  # 국도비, 국도시비, 시군비
)
JOINT_KINDS = {"국": "국비", "도": "도비", "시": "시비", "군": "군비", "구": "구비"}
# "각 5억원", "각각": the same amount for each of several (and a joint kind is split by it).
EACH_BEFORE = re.compile(r"각각?$")
EACH_AFTER = re.compile(r"씩")
# Per-unit amounts, spaces removed: 1대당, 가구당, 1인당, 사업지당, 건ㆍ농가당, 1곳당 1년간, kWh당.
# The unit nouns are listed: a bare "…당" would take 해당, 담당, 정당.
PER_UNIT_NOUNS = (r"대|가구|세대|인|명|곳|개소|개사|개|건|농가|기업|업체|사업장|사업지|학교|지구|시군|시·군|호|기|"
                  r"톤|㎡|평|kWh|kW|㎾h|㎾|회|마을|단지|필지|점포|주택|동|ha|헥타르")
PER_UNIT_BEFORE = re.compile(
    rf"(?P<unit>(?:\d+|한)?(?:{PER_UNIT_NOUNS})(?:[ㆍ·,](?:{PER_UNIT_NOUNS}))*당)"
    r"(?:최대|최고|\d+년간|연간|연|월|매년|매월)*$"
)
# Qualifiers of a figure: before ("약 62억") and after ("62억 원 가량", "1조 원 규모").
APPROX_BEFORE = re.compile(r"(?:약|대략|어림)$")
APPROX_AFTER = re.compile(r"\s*(?P<word>가량|정도|안팎|내외|남짓|규모|이상|넘는|초과)")
APPROX_LABEL = {"가량": "약", "정도": "약", "안팎": "약", "내외": "약", "남짓": "약", "넘는": "이상", "초과": "이상"}
# Money of the past, in the clause before the amount: not what is announced now.
# 지난해와 (같이), 지난해보다, 지난해부터 compare or start a span: they are not past money.
PAST_BEFORE = re.compile(r"(?:지난해|작년|전년도?|지난\d{4}년|지난\d+년간)(?!와|과|보다|부터|대비|에이어|처럼|수준)"
                         r"|누적|그동안|지금까지|현재까지|이미")
# Words that start a clause about now, so an amount after them is not the past one before: 지난해 10억, 올해 20억.
PRESENT = re.compile(r"올해|금년|내년|이번|향후|앞으로")
# A kind named right after the amount: "5억 원의 국비", "20억원의 국비를".
KIND_AFTER = re.compile(r"\s*의\s*(총사업비|사업비|국비|도비|시비|군비|구비|지방비|민자|민간투자)")
# "총 67억원", "… 등 325억": the sum of the amounts before it.
TOTAL_BEFORE = re.compile(r"(?:총|등|모두|합계|합쳐)(?:약|대략)?$")  # 총 약 50억
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
    per_unit: str | None = None  # the amount is per unit: "1대당", "가구당", "각" (each), "씩"
    approx: str | None = None  # 약 (약, 가량, 정도…), 여 (100억여 원), 규모, 이상; None when exact
    upto: int | None = None  # a range "10억~20억 원": krw is the lower end, upto the upper
    past: bool = False  # money of the past (지난해, 누적, 그동안): context, not announced now
    end: int = 0  # where the amount ends in the searched text
    mentions: tuple[int, ...] = ()  # where each statement of this figure starts (a headline, then the body)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds a joint kind stands for: "국비·시비" -> ("국비", "시비"); one kind -> itself."""
        return tuple(self.kind.split("·")) if self.kind else ()


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
    seen: dict[tuple[int, str | None, bool], int] = {}  # figure -> its index in `found`
    previous_start = previous_end = 0
    for match in _amount_matches(text):
        body = match.group("body") or match.group("plain")
        won = bool(match.group("won") or match.group("plainwon"))
        last_unit = BIG_UNIT.findall(body)[-1:] or [""]
        end = match.end()
        if not won:
            trailing_group = not body.rstrip().endswith(tuple(BIG_UNITS))
            if last_unit[0] not in ("억", "조") or trailing_group or NOT_WON_AFTER.match(text, end):
                continue
        start = match.start()
        krw = parse_amount(body)
        low = RANGE_LOW.search(text, max(previous_start, start - 30), start)
        previous_start, upto = start, None
        if low is not None:
            low_body = low.group("low")
            low_krw = parse_amount(low_body if BIG_UNIT.search(low_body) else low_body + last_unit[0])
            if 0 < low_krw < krw:
                # A low end with its unit ("10억~") was listed as an amount of its own: it is this range.
                if found and found[-1].start == low.start():
                    dropped = found.pop()
                    del seen[(dropped.krw, dropped.kind, dropped.max)]
                start, upto, krw = low.start(), krw, low_krw
        # The clause before stops at the previous amount (before the low end of a range, when it is one).
        bound = previous_end if previous_end <= start else (found[-1].end if found else 0)
        before = _clause_before(text, max(bound, start - 40), start)
        kind, kind_at = _kind(before)
        if kind is None and (after := KIND_AFTER.match(text, end)):
            kind = dict(KIND_WORDS)[after.group(1)]
        is_max = bool(MAX_BEFORE.search(before) or MAX_AFTER.match(text, end))
        per_unit = _per_unit(before, text, end)
        previous_end = end
        if krw == 0:
            continue
        past = bool(PAST_BEFORE.search(before)) or (
            bool(found) and found[-1].past and _continues(text[found[-1].end:start]))
        amount = Amount(_surface(text, start, end, before, kind_at, is_max), krw, kind, is_max, start,
                        per_unit=per_unit, approx=_approx(before, match.group("yeo"), text, end), upto=upto,
                        past=past, end=end, mentions=(start,))
        for one in _split_each(amount):
            key = (one.krw, one.kind, one.max)
            if key not in seen:
                seen[key] = len(found)
                found.append(one)
                continue
            # A figure stated again: one amount, which knows every place it is stated and its unit.
            known = found[seen[key]]
            found[seen[key]] = replace(known, per_unit=known.per_unit or one.per_unit,
                                       mentions=(*known.mentions, one.start))
    return found


def _amount_matches(text: str) -> Iterator[re.Match[str]]:
    """`AMOUNT.finditer(text)`, trying AMOUNT only where a run of digits starts."""
    pos = 0
    while digits := DIGIT_RUN.search(text, pos):
        match = AMOUNT.match(text, digits.start())  # its look-behind sees the text before `pos`
        if match is None:
            pos = digits.end()
            continue
        yield match
        pos = match.end()


def _continues(gap: str) -> bool:
    """The text between two amounts only continues the first: "(", ", ", "과 " — not a new clause or year."""
    return len(gap) <= 12 and not SENTENCE_END.search(gap) and not PRESENT.search(SPACES.sub("", gap))


def _per_unit(before: str, text: str, end: int) -> str | None:
    if unit := PER_UNIT_BEFORE.search(before):
        return unit.group("unit")
    if EACH_BEFORE.search(before.removesuffix("최대")):
        return "각"
    if EACH_AFTER.match(text, end):
        return "씩"
    return None


def _approx(before: str, yeo: str | None, text: str, end: int) -> str | None:
    if yeo:
        return "여"
    if APPROX_BEFORE.search(before):
        return "약"
    if after := APPROX_AFTER.match(text, end):
        return APPROX_LABEL.get(after.group("word"), after.group("word"))
    return None


def _split_each(amount: Amount) -> list[Amount]:
    """`국비와 시비 각 5억 원` says 국비 5억 and 시비 5억: one amount per kind. Anything else: itself."""
    if amount.per_unit != "각" or len(amount.kinds) < 2:
        return [amount]
    return [replace(amount, kind=kind, per_unit=None) for kind in amount.kinds]


def _clause_before(text: str, start: int, end: int) -> str:
    """The text before an amount back to the sentence start, spaces removed, at most KIND_WINDOW characters."""
    window = text[start:end]
    cuts = list(SENTENCE_END.finditer(window))
    if cuts:
        window = window[cuts[-1].end():]
    return SPACES.sub("", window)[-KIND_WINDOW:]


def _kind(before: str) -> tuple[str | None, int | None]:
    """The kind named closest before the amount, and where in `before` its word starts.

    Joint funding named closest (`국비와 시비`) gives a joint kind, `국비·시비`, never one of the two.
    """
    best: tuple[int, str, str] | None = None
    for word, kind in KIND_WORDS:
        at = before.rfind(word)
        if at >= 0 and (best is None or at + len(word) > best[0] + len(best[1])):
            best = (at, word, kind)
    joint = max(JOINT.finditer(before), key=lambda m: m.end(), default=None)  # the closest
    if joint is not None and (best is None or joint.end() >= best[0] + len(best[1])):
        kinds = tuple(dict.fromkeys(JOINT_KINDS[c] for c in joint.group() if c in JOINT_KINDS))
        if len(kinds) >= 2:
            return "·".join(kinds), joint.start()
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
