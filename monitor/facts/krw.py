"""Won amounts written the way a Korean reader reads them: `62억 원`, `4조 119억 원`, `97억 5,000만 원`.

One style everywhere (the digest's HTML, its text part, the report):
- units 조, 억, 만, each group with its unit, groups separated by a space, zero groups left out
  (`1조 원`, `4조 119억 원`, not `4조 0119억`);
- the digits of a group with thousands separators (`5,000만 원`, `1,500억 원`), never 천 words;
- a space before 원 after a unit (`62억 원`, as 맞춤법 spaces it), none after bare digits (`1만 2,345원`).

`format_amount` adds what the article said about the figure: a range (`10억~20억 원`), 약/여/규모/이상,
최대, and the unit it is counted per (`1대당 최대 5,000만 원`, `각 5억 원`, `3,350만 원씩`).

    >>> [format_krw(w) for w in (6_200_000_000, 4_011_900_000_000, 50_000_000, 9_750_000_000, 12_345, 0)]
    ['62억 원', '4조 119억 원', '5,000만 원', '97억 5,000만 원', '1만 2,345원', '0원']
"""

from __future__ import annotations

from monitor.facts.money import Amount

UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
# How a qualifier is written around the figure: {} is the figure with its 원.
APPROX_FORMS = {"약": "약 {}", "규모": "{} 규모", "이상": "{} 이상"}


def krw_groups(krw: int) -> str:
    """The figure without 원: 4011900000000 -> "4조 119억"; 12345 -> "1만 2,345"; 0 -> "0"."""
    groups: list[str] = []
    rest = krw
    for factor, unit in UNITS:
        count, rest = divmod(rest, factor)
        if count:
            groups.append(f"{count:,}{unit}")
    if rest or not groups:
        groups.append(f"{rest:,}")
    return " ".join(groups)


def with_won(groups: str) -> str:
    """ "62억" -> "62억 원"; "100억여" -> "100억여 원"; "2,345" -> "2,345원"."""
    return f"{groups} 원" if groups.removesuffix("여")[-1] in "조억만" else f"{groups}원"


def format_krw(krw: int) -> str:
    """A whole number of won in the digest's style (see the module docstring)."""
    return with_won(krw_groups(krw))


def format_amount(amount: Amount) -> str:
    """The figure of `amount` with its range, qualifier, 최대 and unit; without its kind."""
    if amount.upto is not None:
        figure = with_won(f"{krw_groups(amount.krw)}~{krw_groups(amount.upto)}")
    elif amount.approx == "여":
        figure = with_won(krw_groups(amount.krw) + "여")
    else:
        figure = format_krw(amount.krw)
    if amount.approx in APPROX_FORMS:
        figure = APPROX_FORMS[amount.approx].format(figure)
    if amount.max:
        figure = f"최대 {figure}"
    if amount.per_unit == "씩":
        return f"{figure}씩"
    if amount.per_unit:
        return f"{amount.per_unit} {figure}"
    return figure
