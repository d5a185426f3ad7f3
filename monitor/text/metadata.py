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
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

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
# The outlet named by a copyright notice (`저작권자 © 광주일보 무단전재 …`, `Copyright ⓒ 무등일보.`).
NOTICE_OUTLET_RE = re.compile(
    r"(?:저작권자\s*(?:ⓒ|©|\(c\))|copyright\s*(?:ⓒ|©|\(c\))?|ⓒ|©)"
    r"\s*(?:\d{4}\s*)?(?P<outlet>[가-힣][가-힣A-Za-z0-9]{1,15})",
    re.IGNORECASE,
)
NOTICE_MARKS = ("ⓒ", "©", "저작권", "opyright", "OPYRIGHT")
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
# Dateline at the start of a lead paragraph that names outlet and reporter:
LEAD_BYLINE_RE = re.compile(
    r"^\s*(?:"
    rf"\[(?P<outlet>[^\]=\n]{{2,20}}?)\s*=\s*(?P<name>{SPACED_NAMES})\s?기자\]"  # `[동아경제신문=김선아 기자]`
    r"|"
    # `(서울=연합뉴스) 홍길동 기자 =`, `[광주=뉴시스]홍길동 기자 =`, `【광주=뉴시스】홍길동 기자 =`
    rf"[(\[【](?:[가-힣]{{1,6}})\s*=\s*(?P<outlet2>[^)\]】\n]{{2,20}}?)[)\]】]\s*(?P<name2>{SPACED_NAMES})\s?기자\s*="
    r")\s*"
)
# Publication date next to a label, as news sites print it:
DATE_RE = re.compile(
    r"(?:기사입력|최초입력|입력|게재|등록|발행|승인)\s*(?:일|일시)?\s*[:：]?\s*"  # the label
    r"(?P<y>(?:19|20)\d\d)\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<d>\d{1,2})"  # 2025/06/20, 2022-09-27
)
# The time a wire story was filed, after it: `2025/06/20 15:09 송고`.
FILED_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<d>\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?\s*송고"
)
# A line that only carries a byline/date stamp on a web page (`김선아 기자 | 입력 : 2025/06/20 [15:09]`).
STAMP_LINE_RE = re.compile(
    rf"^(?:{NAME}\s?기자\s*[|ㅣ]\s*)?(?:기사입력|최초입력|입력|게재|등록|수정)\s*[:：]?\s*\d{{4}}[./-]\d{{1,2}}[./-]\d{{1,2}}.*$"
    rf"|^{FILED_DATE_RE.pattern}$"
)


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
    match = LEAD_BYLINE_RE.match(paragraph)
    if not match:
        return None, None, paragraph
    outlet = match["outlet"] or match["outlet2"]
    name = match["name"] or match["name2"]
    return outlet.strip(), reporters(name), paragraph[match.end() :]


def reporters(names: str) -> str:
    """Joint bylines written one way: `홍길동 김철수`, `홍길동, 김철수` -> `홍길동·김철수`."""
    return NAME_SEPARATOR_RE.sub("·", names)


def notice_outlet(lines: list[str]) -> str | None:
    """The outlet a copyright notice names (`저작권자 © 광주일보 무단전재 및 재배포 금지` -> 광주일보), or None."""
    for line in lines:
        if any(mark in line for mark in NOTICE_MARKS):
            match = NOTICE_OUTLET_RE.search(line)
            if match:
                return match["outlet"]
    return None


def find_date(text: str) -> date | None:
    """The first labelled publication date in the text (`기사입력 2025/06/20`, `게재 2022-09-27`, `… 송고`)."""
    # The filing-stamp pattern opens with digits and would be tried at every position: only
    # a text holding its label (`송고`) is searched for it.
    filed = FILED_DATE_RE.finditer(text) if "송고" in text else ()
    matches = sorted([*DATE_RE.finditer(text), *filed], key=re.Match.start)
    for match in matches:
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:  # 2025/13/40 is a number, not a date: look further
            continue
    return None


@cache
def _domain_outlets() -> dict[str, str]:
    raw = resources.files("monitor.text").joinpath("outlets.toml").read_text(encoding="utf-8")
    return {key.lower(): value for key, value in tomllib.loads(raw)["domains"].items()}


def outlet_for_domain(domain: str | None) -> str | None:
    """Outlet name for an e-mail domain (suffix match), or None when unknown."""
    if not domain:
        return None
    domain = domain.lower().strip(".")
    outlets = _domain_outlets()
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        outlet = outlets.get(".".join(parts[start:]))
        if outlet:
            return outlet
    return None
