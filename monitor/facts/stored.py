"""Facts as the store keeps them: found once at ingest, read back by every digest.

Finding an article's amounts and regions was two thirds of a digest's time, and it gave the
same answer at every digest. The store keeps each article's `Facts` as JSON (`encode`), and
the digest reads them back (`decode`) instead of parsing the text again.

Stored facts are only as good as the rules that found them, so each record names its
`recipe`: the version of the rules (`RULES`, bumped by hand when money.py or regions.py
find something else) and a hash of the region table (regions.toml is data, edited without
touching the code). `decode` returns None for a record of another recipe, and the caller
parses the article again: old facts are never shown for new rules.

    >>> from monitor.facts import find_amounts, find_regions
    >>> facts = Facts(tuple(find_amounts("국비 62억원")), tuple(find_regions("광주시는")))
    >>> decode(encode(facts)) == facts
    True
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from functools import cache
from typing import Any

from monitor.facts import Amount, Facts, Region
from monitor.facts.regions import REGIONS_FILE

# Bump when the rules of money.py or regions.py change what they find (not for a regions.toml edit).
RULES = 1
# Amount's fields in the order a stored amount lists them; a record whose amounts have another
# length is of other rules, whatever its recipe says.
AMOUNT_FIELDS = tuple(f.name for f in fields(Amount))
MENTIONS = AMOUNT_FIELDS.index("mentions")  # a tuple, which JSON stores as a list


@cache
def recipe() -> str:
    """The rules and region table the facts of this code are found with, e.g. "1:3f2a…"."""
    return f"{RULES}:{hashlib.sha256(REGIONS_FILE.read_bytes()).hexdigest()[:16]}"


def encode(facts: Facts) -> dict[str, Any]:
    """A JSON-ready record of `facts` (lists, not objects: a digest reads tens of thousands)."""
    amounts = [[getattr(a, name) for name in AMOUNT_FIELDS] for a in facts.amounts]
    for row in amounts:
        row[MENTIONS] = list(row[MENTIONS])
    return {"recipe": recipe(), "amounts": amounts,
            "regions": [[r.name, r.province, r.level] for r in facts.regions]}


def decode(record: Any) -> Facts | None:
    """The facts `encode` stored, or None when there are none or they were found by another recipe."""
    if not isinstance(record, dict) or record.get("recipe") != recipe():
        return None
    amounts = []
    for row in record["amounts"]:
        if len(row) != len(AMOUNT_FIELDS):
            return None
        row = list(row)
        row[MENTIONS] = tuple(row[MENTIONS])
        amounts.append(Amount(*row))
    return Facts(tuple(amounts), tuple(Region(*row) for row in record["regions"]))
