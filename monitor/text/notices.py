"""Whether a text can hold a copyright notice at all, asked once for all its lines instead of per line.

The notice patterns (`chrome.COPYRIGHT_RE`, `outlets.NOTICE_MARK_RE`) are case-insensitive,
and the regex engine tries them at every character of every line; most documents hold no
notice. Each of their matches contains one of NOTICE_MARKS once lowercased (`Ⓒ` -> `ⓒ`,
`COPYRIGHT` -> `copyright`), so a text without any of them has no line they match: a few
`str` scans in C answer for the whole document, and the patterns run only where they may match.

    >>> may_hold_notice("<저작권자 ⓒ 광주일보>"), may_hold_notice("광주시는 8일 밝혔다.")
    (True, False)
"""

from __future__ import annotations

# Lowercase literals, one inside every match of the notice patterns. `copyr`, not `copyright`:
# under IGNORECASE `i` also matches the dotless `ı`, which `str.lower` leaves as it is.
NOTICE_MARKS = ("ⓒ", "©", "(c)", "copyr", "저작권", "무단", "재배포")


def may_hold_notice(text: str) -> bool:
    """False only when no line of the text can match a copyright or notice pattern."""
    lowered = text.lower()
    return any(mark in lowered for mark in NOTICE_MARKS)
