"""A display title for an article the text gives no headline: its lead's first clause.

An excerpt that lost its headline still needs a line in a digest. That line is
derived, not found: the lead's first clause (up to the first comma or clause
ending, or the first sentence), the dateline left out, cut at a word boundary
with `…`. `headline` stays null; the digest marks the title as derived.

    >>> derived_title("(서울=연합뉴스) 홍길동 기자 = 광주시는 8일 AI 사업에 선정됐으며, 국비 62억원을 받는다.")
    '광주시는 8일 AI 사업에 선정됐으며…'
"""

from __future__ import annotations

import re

from monitor.text.metadata import parse_lead_byline

TITLE_MAX_CHARS = 40
CLAUSE_MIN_CHARS = 12  # a shorter first clause (`한편,`) says nothing: the sentence goes on
# Where the first clause ends: a comma, or a connective ending before a space (`…했으며 `, `…하고 `);
# not a quotative `고` (`…했다고 밝혔다`), which closes what is said inside the same clause.
CLAUSE_END_RE = re.compile(r",\s|(?:으며|며|면서|지만|는데|(?<![다라냐자])고)\s")
SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)")
ELLIPSIS = "…"


def derived_title(text: str) -> str | None:
    """The lead's first clause as a display title, or None for an empty text."""
    lead = text.strip().split("\n", 1)[0].strip()
    if not lead:
        return None
    lead = parse_lead_byline(lead)[2].strip() or lead
    sentence_end = SENTENCE_END_RE.search(lead)
    sentence = lead[: sentence_end.start()] if sentence_end else lead
    for match in CLAUSE_END_RE.finditer(sentence):
        end = match.start() if match.group().startswith(",") else match.end() - 1
        if end >= CLAUSE_MIN_CHARS:
            return _cut(sentence[:end]) + ("" if len(sentence[:end]) > TITLE_MAX_CHARS else ELLIPSIS)
    return _cut(sentence)


def _cut(clause: str) -> str:
    """The clause, or its words up to TITLE_MAX_CHARS with `…`."""
    if len(clause) <= TITLE_MAX_CHARS:
        return clause
    head = clause[:TITLE_MAX_CHARS]
    space = head.rfind(" ")
    return (head[:space] if space > CLAUSE_MIN_CHARS else head).rstrip(" ,") + ELLIPSIS
