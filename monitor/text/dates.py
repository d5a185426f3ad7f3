"""Publication dates as Korean news pages print them in the text itself.

A site prints the date next to a label (`입력 2025.06.19`, `게재 2022-09-27 17:40:01`,
`승인 2023.01.31 17:16`, `작성일 24.07.04`), after the time with the label last
(`2023-05-04 11:38:37 게재`, a wire story's `2025/06/20 15:09 송고`), or as a bare
date and time on a line of its own under the headline (`2025.08.07 10:30:14`).
Scraped excerpts may open with a ` date 2025-08-19` line. A date inside the story
(`2025년 6월 20일 지진이 났다`) is never the publication date: only these forms count.

    >>> find_date("제목\\n입력 2025.06.19 10:00\\n본문이다.")
    datetime.date(2025, 6, 19)
"""

from __future__ import annotations

import re
from datetime import date

from monitor.models import RawDocument

DATE = r"(?P<y>(?:19|20)\d\d)\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<d>\d{1,2})"
TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
# Labels a site prints before the date; `수정` (last edit) is not the publication date.
DATE_LABEL = (
    r"(?:기사\s?입력|최초\s?입력|입력|신문\s?게재|게재|기사\s?등록|등록|발행|승인|작성|송고)"
    r"(?:\s?(?:일시|일자|일|시간))?"  # `등록일`, `작성일시`
)
# Label, separator, date: `기사입력 2025/06/20`, `입력 | 2025-12-24`, `입력 :2021/09/23`, and a
# two-digit year after a label only (`작성일 24.07.04`: bare, `24.07.04` could be anything).
LABELLED_DATE_RE = re.compile(
    rf"{DATE_LABEL}\s*[:：|]?\s*"
    rf"(?:{DATE}|(?P<yy>\d\d)[./-](?P<m2>\d\d)[./-](?P<d2>\d\d)(?![\d./-]))"
)
# Date and time with the label after them: `2023-05-04 11:38:37 게재`, `2025/06/20 15:09 송고`.
LABEL_AFTER_MARKS = ("게재", "입력", "등록", "송고", "승인")
LABEL_AFTER = "(?:" + "|".join(LABEL_AFTER_MARKS) + ")"  # one list: find_date looks for these marks first
LABEL_AFTER_RE = re.compile(rf"{DATE}\s+{TIME}\s*{LABEL_AFTER}")
LABEL_AFTER_WINDOW = 32  # `2023-05-04 11:38:37 ` is 20 characters; some spaces more
# A line that is only a date and a time (maybe bulleted): the stamp under a headline.
BARE_STAMP_RE = re.compile(rf"^[ \t•·∙\-*]*{DATE}\.?[ \t]+{TIME}[ \t]*$", re.MULTILINE)
# A bare stamp counts only in the page header: further down a date alone is a schedule item.
STAMP_HEADER_CHARS = 1500
# A scraper's metadata line opening the excerpt: ` date 2025-08-19 …`.
LEADING_DATE_RE = re.compile(rf"^\s*date\s*[:=]?\s*{DATE}(?![\d.])\s*", re.IGNORECASE)


def leading_date(text: str) -> tuple[date | None, str]:
    """(date, text without it) for an excerpt opening with ` date 2025-08-19`; (None, text) otherwise."""
    match = LEADING_DATE_RE.match(text)
    if not match:
        return None, text
    return _date(match["y"], match["m"], match["d"]), text[match.end() :]


def find_date(text: str) -> date | None:
    """The text's own publication date: the first labelled or stamped date, else None."""
    found: list[tuple[int, date]] = []
    for match in LABELLED_DATE_RE.finditer(text):
        if match["yy"]:
            day = _date("20" + match["yy"], match["m2"], match["d2"])
        else:
            day = _date(match["y"], match["m"], match["d"])
        if day:
            found.append((match.start(), day))
            break  # later labelled dates cannot come first
    # The label-after pattern opens with digits and would be tried everywhere: it is tried only just
    # before each label, where its date and time must stand.
    for mark in LABEL_AFTER_MARKS:
        at = text.find(mark)
        while at != -1:
            start = max(0, at - LABEL_AFTER_WINDOW)
            match = LABEL_AFTER_RE.search(text, start, at + len(mark))
            if match and (day := _date(match["y"], match["m"], match["d"])):
                found.append((match.start(), day))
                break
            at = text.find(mark, at + 1)
    for match in BARE_STAMP_RE.finditer(text, 0, STAMP_HEADER_CHARS):
        if day := _date(match["y"], match["m"], match["d"]):
            found.append((match.start(), day))
            break
    return min(found)[1] if found else None


def source_dating(published: date | None, doc: RawDocument) -> tuple[date | None, str | None]:
    """(best date known, where from): the text's own date, else the feed entry's, else the saved page's."""
    if published is not None:
        return published, "text"
    if doc.published is None:
        return None, None
    from_feed = doc.feed is not None or doc.source.startswith(("http://", "https://"))
    return doc.published.date(), "feed" if from_feed else "file"


def _date(year: str, month: str, day: str) -> date | None:
    """The date, or None for numbers that are no date (2025/13/40)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
