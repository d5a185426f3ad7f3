"""Bylines, outlets and publication dates, read from the text itself.

Korean papers sign articles in a handful of fixed forms; each is one compiled
pattern below. A PDF page puts the byline *after* the body (`…말했다./이만호 기자`),
so the page splitter cuts articles on `PDF_BYLINE_RE`; web pages put it on its own
line near the top or bottom, or in brackets at the start of the lead paragraph.

    >>> parse_pdf_byline("말했다./박진표기자 lucky@kwangju.co.kr")
    Byline(before='말했다.', name='박진표', email='lucky@kwangju.co.kr', domain='kwangju.co.kr')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.text.dates import DATE, DATE_LABEL, LABEL_AFTER, TIME
from monitor.text.outlets import canonical_outlet, looks_like_outlet

NAME = r"[가-힣]{2,4}"
# Several reporters sign together: `홍길동·김철수 기자`, `홍길동, 김철수 기자`; on a line of its own
# (or in a lead's dateline) also with a bare space, `홍길동 김철수 기자`.
JOINED_NAMES = rf"{NAME}(?:\s?[·ㆍ,]\s?{NAME})*"
SPACED_NAMES = rf"{NAME}(?:\s?[·ㆍ,]\s?{NAME}|\s{NAME})*"
DATELINE = r"(?:[가-힣]{1,6}\s*=\s*)?"  # the place the reporter files from: `/광주=홍길동 기자`
EMAIL = r"[A-Za-z0-9._%+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?"

# Byline closing an article on a PDF page, at the end of a line:
PDF_BYLINE_RE = re.compile(
    r"(?P<before>.*?)"
    r"(?:(?<=[.!?\"”’')\]>])|^)\s*"  # glued to the last sentence (`말했다./이만호 기자`) or alone
    rf"/\s*{DATELINE}(?P<name>{JOINED_NAMES})\s?기자"  # `/이만호 기자`, `/박진표기자`, `/광주=홍길동 기자`
    rf"(?:\s+(?P<email>{EMAIL}))?"  # optional address, full or cut by the column (`lucky@`)
    r"\s*$"
)
# Byline on its own line of a web page:
WEB_BYLINE_RE = re.compile(
    r"^(?:기자명|기자|글|취재)?\s*[:：]?\s*"  # a CMS label before the name (`기자명 홍길동 기자`)
    rf"{DATELINE}(?P<name>{SPACED_NAMES})\s?기자"  # `김선아 기자`, `홍길동·김철수 기자`
    rf"(?:\s*\(?\s*(?P<email>{EMAIL})\s*\)?)?"  # `홍길동 기자 hong@example.com`, `… 기자(hong@…)`
    r"(?:\s*다른\s?기사\s?보기)?"  # the link to the reporter's other articles
    r"\s*(?:[|ㅣ]\s*.*)?$"  # `| 기사입력 2025/06/20 [15:09]` after a bar
)
NAME_SEPARATOR_RE = re.compile(r"\s*[·ㆍ,]\s*|\s+")
# A reporter's address alone on a line at the end of a wire story (`hong@yna.co.kr`).
EMAIL_LINE_RE = re.compile(rf"^[<(\[]?\s*{EMAIL}\s*[>)\]]?$")
# A paragraph of a web page closed by a reporter's name after its last sentence, without the
# print slash (`…듣고 있다. 나건호 기자`): a photo caption with its photographer inside the body,
# the byline run into the last paragraph at its end.
CREDITED_PARAGRAPH_RE = re.compile(
    r"^(?P<before>.*[.!?][\"”’')\]]*)"
    rf"\s+(?P<name>{NAME})\s?기자\s*$"
)
# Dateline at the start of a lead paragraph that names outlet and reporter; `outlet` may carry the
# place after a bar or a space (`더팩트ㅣ고성`, `파이낸셜뉴스 순천`), cut off by `outlet_part`:
LEAD_BYLINE_RE = re.compile(
    r"^\s*(?:"
    # `[동아경제신문=김선아 기자]`, `[더팩트ㅣ고성=이경구 기자]`, `【파이낸셜뉴스 순천=홍길동 기자】`
    rf"[\[【](?P<outlet>[^\]】=\n]{{2,20}}?)\s*=\s*(?P<name>{SPACED_NAMES})\s?기자\s*[\]】]"
    r"|"
    # `(서울=연합뉴스) 홍길동 기자 =`, `[광주=뉴시스]홍길동 기자 =`, `【광주=뉴시스】홍길동 기자 =`
    rf"[(\[【](?:[가-힣]{{1,6}})\s*=\s*(?P<outlet2>[^)\]】\n]{{2,20}}?)[)\]】]\s*(?P<name2>{SPACED_NAMES})\s?기자\s*="
    r"|"
    # `[충청투데이 박현석 기자]`, `(건설타임즈) 김정현 기자=`: the outlet must look like one (not `[광주 …]`)
    rf"\[(?P<outlet3>[^\]\s=]{{2,15}})\s+(?P<name3>{SPACED_NAMES})\s?기자\s*\]"
    rf"|\((?P<outlet4>[^)\s=]{{2,15}})\)\s*(?P<name4>{SPACED_NAMES})\s?기자\s*="
    r"|"
    # `과천=에너지경제신문 강근주기자 과천시는 …`, unbracketed
    rf"[가-힣]{{1,6}}=(?P<outlet5>[^\s=]{{2,15}})\s+(?P<name5>{NAME})\s?기자(?=\s)"
    r"|"
    # `[국회의정저널] 평창군은 …`, maybe with the reporter after it (`[이투데이] 홍길동 기자 = …`)
    rf"[\[【](?P<outlet6>[^\]】=\n]{{2,15}})[\]】](?:\s*(?P<name6>{SPACED_NAMES})\s?기자\s*=)?"
    r")\s*"
)
# Forms whose outlet group may hold a place or a name instead: kept only when it looks like an outlet.
CHECKED_OUTLET_GROUPS = ("outlet3", "outlet4", "outlet5", "outlet6")
OUTLET_PLACE_SEPARATOR_RE = re.compile(r"\s*[ㅣ|│/]\s*|\s+")
OUTLET_GROUPS = ("outlet", "outlet2", "outlet3", "outlet4", "outlet5", "outlet6")
NAME_GROUPS = ("name", "name2", "name3", "name4", "name5", "name6")
LEAD_OPENERS = frozenset("[【(")
# A line crediting the reporter alone, above or below the body: `- 김대벽 기자`, `by이재은 기자`,
# `머니투데이 김남이기자`, `작성자 심창훈기자 댓글 0건 조회 541회 작성일 24.07.04`.
REPORTER_LINE_RE = re.compile(
    rf"^(?:[-•·]\s*|by\s*|작성자\s*[:：]?\s*|(?P<prefix>[가-힣A-Za-z0-9]{{2,12}})\s+)?{DATELINE}(?P<name>{NAME})\s?기자(?:\s|$)",
    re.IGNORECASE,
)
REPORTER_LINE_MAX_LENGTH = 60
# A line that only carries a byline/date stamp on a web page:
STAMP_LINE_RE = re.compile(
    r"^[•·∙\-*\s]*(?:"
    # `김선아 기자 | 입력 : 2025/06/20 [15:09]`, `김동은 기자 승인 2022.01.07 16:19 의견 0`,
    # `디지털경제입력 :2021/09/23 09:03` (a section name glued to the label), `작성일 24.07.04`
    rf"(?:{NAME}\s?기자\s*[|ㅣ]?\s*)?(?:[가-힣]{{1,8}}?)?(?:{DATE_LABEL}|수정)\s*[:：|]?\s*\d{{2,4}}[./-]\d{{1,2}}[./-]\d{{1,2}}.*"
    r"|"
    # `2024.11.11 15:49:23`, `2023-05-04 11:38:37 게재`, `2025/06/20 15:09 송고`
    rf"{DATE}\.?(?:\s+{TIME})?(?:\s*{LABEL_AFTER})?"
    r")\s*$"
)
STAMP_MAX_LENGTH = 100
DATE_HINT_RE = re.compile(r"\d[./-]\d")


def is_stamp_line(line: str) -> bool:
    """True for a line of a web page that only carries the date stamp (maybe with the reporter)."""
    # Cheap test first: this runs on every line of a web page, and every stamp holds a date.
    if len(line) > STAMP_MAX_LENGTH or DATE_HINT_RE.search(line) is None:
        return False
    return STAMP_LINE_RE.match(line) is not None


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline found at the end of a line; `before` is the text it was glued to."""

    before: str
    name: str
    email: str | None
    domain: str | None


def parse_pdf_byline(line: str) -> Byline | None:
    """The byline closing `line`, or None when the line does not end with one."""
    if "기자" not in line:  # cheap test first: this runs on every line of every document
        return None
    match = PDF_BYLINE_RE.match(line)
    if not match:
        return None
    return Byline(
        before=match["before"].rstrip(),
        name=reporters(match["name"]),
        email=match["email"],
        domain=(match["domain"] or "").lower() or None,
    )


def parse_web_byline(line: str) -> Byline | None:
    """A reporter line of a web page (`김선아 기자 | 기사입력 …`), or None."""
    if "기자" not in line:  # cheap test first: this runs on every line of a web page
        return None
    match = WEB_BYLINE_RE.match(line.strip())
    if not match:
        return None
    return Byline("", reporters(match["name"]), match["email"], (match["domain"] or "").lower() or None)


def parse_lead_byline(paragraph: str) -> tuple[str | None, str | None, str]:
    """(outlet, reporter, paragraph without the dateline) for `[동아경제신문=김선아 기자] …`."""
    if paragraph[:1] not in LEAD_OPENERS and "=" not in paragraph[:24]:
        return None, None, paragraph  # cheap test first: nearly every paragraph opens otherwise
    match = LEAD_BYLINE_RE.match(paragraph)
    if not match:
        return None, None, paragraph
    group = next(g for g in OUTLET_GROUPS if match[g])
    outlet = OUTLET_PLACE_SEPARATOR_RE.split(match[group].strip(), maxsplit=1)[0]
    if group in CHECKED_OUTLET_GROUPS and not looks_like_outlet(outlet):
        return None, None, paragraph
    name = next((match[g] for g in NAME_GROUPS if match[g]), None)
    return canonical_outlet(outlet), reporters(name) if name else None, paragraph[match.end() :]


def reporters(names: str) -> str:
    """Joint bylines written one way: `홍길동 김철수`, `홍길동, 김철수` -> `홍길동·김철수`."""
    return NAME_SEPARATOR_RE.sub("·", names)


def parse_reporter_line(line: str) -> tuple[str, str | None] | None:
    """(reporter, outlet or None) of a short line crediting the reporter alone (`머니투데이 김남이기자`), or None."""
    if len(line) > REPORTER_LINE_MAX_LENGTH or "기자" not in line:
        return None
    match = REPORTER_LINE_RE.match(line)
    if match is None:
        return None
    prefix = match["prefix"]
    return match["name"], canonical_outlet(prefix) if prefix and looks_like_outlet(prefix) else None


__all__ = [
    "Byline",
    "is_stamp_line",
    "parse_lead_byline",
    "parse_pdf_byline",
    "parse_reporter_line",
    "parse_web_byline",
    "reporters",
]
