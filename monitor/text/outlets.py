"""Which outlet published an article, as its text names it, under one canonical name.

The text names its outlet in a few fixed places, each read by a pattern below: the
dateline or bracket byline opening the lead (read in metadata.py), a reporter's
e-mail domain, the copyright line (`<저작권자 ⓒ 광주일보 무단전재 …>`, `Copyright ©
Jeju Munhwa Broadcasting Corporation`, `중도일보(www.joongdo.co.kr), 무단전재 …`), or a
masthead among the header lines (`파이낸셜뉴스` alone on a line, `머니투데이 언론사 이미지`,
`출처 : 경남도민신문`). Every spelling found is mapped to the outlet's canonical name
through outlets.toml, so `News1` and `뉴스1` are one outlet.

    >>> canonical_outlet("News1"), outlet_for_domain("news.kwangju.co.kr")
    ('뉴스1', '광주일보')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from monitor.text.notices import may_hold_notice

# The words Korean outlet names end in: an unlisted name of this shape is still an outlet
# (`[OO일보 홍길동 기자]`), while a place or a person (`[광주 홍길동 기자]`) is not.
OUTLET_SHAPE_RE = re.compile(
    r"^[가-힣A-Za-z0-9]{1,12}"
    r"(?:일보|신문|뉴스|경제|방송|타임즈|타임스|저널|투데이|미디어|데일리|매일|닷컴|포스트|헤럴드|프레스|인사이트"
    r"|TV|MBC|KBS|SBS|CBS|News|NEWS|Times)$"
)
# Section and genre tags shaped like outlet names (`[포토뉴스]`, `[생활경제]`, `[오늘의 뉴스]`).
GENRE_RE = re.compile(
    r"^(?:포토|카드|영상|동영상|사진|핫|주요|오늘의|지역|생활|단신|속보|기획|특집|인터넷|모바일|실시간|종합|세계|글로벌"
    r"|정치|사회|문화|국제|스포츠|연예|산업|금융|부동산|IT|과학|교육|환경|건강|의료|농업|관광)\s?"
)
# What can never be an outlet though it stands where one does (`ⓒ 무단전재 금지`, `© 사진`).
NOT_OUTLET_RE = re.compile(r"^(?:무단|재배포|저작권|사진|본\s?기사|이\s?기사|All|all|by|By)")
NOTICE_MARK_RE = re.compile(r"ⓒ|©|저작권|copyright|\(c\)|무단|재배포", re.IGNORECASE)
# What makes a notice the page's footer rather than a photo credit (`ⓒ News1 홍길동 디자이너`).
FOOTER_RE = re.compile(r"저작권자|copyright|all\s?rights|무단\s?(?:전재|복제|배포|수집)|재배포", re.IGNORECASE)
HANGUL_NAME = r"[가-힣][가-힣A-Za-z0-9]{1,15}"
LATIN_NAME = r"[A-Za-z][A-Za-z0-9&.\- ]{1,60}?"
# The outlet after a copyright mark:
NOTICE_AFTER_RE = re.compile(
    r"(?:저작권자\s*(?:ⓒ|©|\(c\)|[:：])|copyright\s*(?:ⓒ|©|\(c\))?|ⓒ|©)"  # `저작권자 ©`, `저작권자:`, `Copyright ⓒ`
    r"\s*(?:\d{4}\s*)?(?:by\s+)?"  # a year, `by`
    r"(?:['‘\"“][^'’\"”]{1,30}['’\"”]\s*)?"  # a slogan in quotes (`©'5개국어 글로벌 경제신문' 아주경제`)
    rf"(?:(?P<hangul>{HANGUL_NAME})|(?P<latin>{LATIN_NAME})(?=\s*(?:[.,<>()]|all\s?rights|$)|\s+[가-힣]))",
    re.IGNORECASE,
)
# The outlet before the notice: `중도일보(www.joongdo.co.kr), 무단전재 및 수집, 재배포 금지`.
NOTICE_BEFORE_RE = re.compile(
    rf"^[<\[(]?\s*(?P<hangul>{HANGUL_NAME})\s*(?:\([^)]*\))?\s*[,.]?\s*(?:무단\s?(?:전재|복제)|ⓒ|©|all\s?rights)",
    re.IGNORECASE,
)
# Mastheads among the first lines: a line naming the outlet and nothing else is matched against
# the table; these name it with furniture around (image alt text, a source label).
MASTHEAD_RE = re.compile(
    r"^[•·\-*◎\s]*(?:"
    rf"(?P<alt>{HANGUL_NAME}|[A-Za-z][A-Za-z0-9]{{1,15}})\s?(?:언론사\s?)?(?:이미지|로고)"  # `머니투데이 언론사 이미지`
    r"|출처\s*[:：]\s*(?P<source>[^\s,]{2,16})"  # `출처 : 경남도민신문`
    r")\s*$"
)
MASTHEAD_LINES = 15  # a masthead is printed above the article, among the first lines
MASTHEAD_MAX_LENGTH = 24
BULLETS = "•·∙-*◎[]<>【】 \t"
# An e-mail address anywhere in a line; its domain.
ADDRESS_RE = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# A feed title is often the outlet and a section: `광주일보 - 전체기사`, `연합뉴스 : 지방`, `KBS 뉴스 | 전국`.
FEED_TITLE_SEPARATOR_RE = re.compile(r"\s+[-|:>·]\s+|\s*[|>]\s*")
SQUASH_RE = re.compile(r"[\s·ㆍ\-_.]+")


@dataclass(frozen=True, slots=True)
class _Table:
    names: dict[str, str]  # squashed, case-folded spelling -> canonical name
    domains: dict[str, str]  # lower-case domain -> canonical name


@cache
def _table() -> _Table:
    raw = resources.files("monitor.text").joinpath("outlets.toml").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    domains: dict[str, str] = {}
    for canonical, entry in tomllib.loads(raw)["outlets"].items():
        for spelling in (canonical, *entry.get("aliases", ())):
            names[_key(spelling)] = canonical
        for domain in entry.get("domains", ()):
            domains[domain.lower()] = canonical
    return _Table(names, domains)


def _key(name: str) -> str:
    return SQUASH_RE.sub("", name).casefold()


def known_outlet(name: str | None) -> str | None:
    """The canonical name of a listed outlet, or None for a name the table does not list."""
    return _table().names.get(_key(name)) if name else None


def canonical_outlet(name: str | None) -> str | None:
    """The canonical name of `name`; an unlisted Hangul name as written; None for no name."""
    if not name:
        return None
    name = name.strip(BULLETS + ".,")
    if not name or NOT_OUTLET_RE.match(name):
        return None
    return known_outlet(name) or name


def looks_like_outlet(name: str) -> bool:
    """True for a listed outlet or an unlisted name shaped like one (`OO일보`, `OO뉴스`)."""
    if known_outlet(name) is not None:
        return True
    return OUTLET_SHAPE_RE.match(name) is not None and GENRE_RE.match(name) is None


def outlet_for_domain(domain: str | None) -> str | None:
    """Outlet name for an e-mail or site domain (suffix match), or None when unknown."""
    if not domain:
        return None
    domains = _table().domains
    parts = domain.lower().strip(".").split(".")
    for start in range(len(parts) - 1):
        outlet = domains.get(".".join(parts[start:]))
        if outlet:
            return outlet
    return None


def notice_outlet(lines: list[str]) -> str | None:
    """The outlet a copyright notice names, footer notices before photo credits (`ⓒ News1 …`)."""
    if not may_hold_notice("\n".join(lines)):
        return None  # most pages: no line is asked
    credit = None
    for line in lines:
        if NOTICE_MARK_RE.search(line) is None:
            continue
        outlet = _notice_name(line)
        if outlet is None:
            continue
        if FOOTER_RE.search(line):
            return outlet
        credit = credit or outlet
    return credit


def _notice_name(line: str) -> str | None:
    match = NOTICE_AFTER_RE.search(line)
    if match and match["hangul"] and not NOT_OUTLET_RE.match(match["hangul"]):
        return canonical_outlet(match["hangul"])
    if match and match["latin"]:  # a Latin name counts only when listed: it may be a photographer or a site
        known = known_outlet(match["latin"])
        if known:
            return known
    before = NOTICE_BEFORE_RE.match(line)
    if before and looks_like_outlet(before["hangul"]):
        return canonical_outlet(before["hangul"])
    return None


def masthead_outlet(lines: list[str]) -> str | None:
    """The outlet a masthead line names among the first lines, or None."""
    for line in lines[:MASTHEAD_LINES]:
        if len(line) > MASTHEAD_MAX_LENGTH:
            continue
        alone = known_outlet(line.strip(BULLETS))
        if alone:
            return alone
        match = MASTHEAD_RE.match(line)
        if match:
            name = match["alt"] or match["source"]
            if looks_like_outlet(name):
                return canonical_outlet(name)
    return None


def text_outlet(lines: list[str]) -> str | None:
    """The outlet named by the page's copyright notice, masthead, or a listed reporter's domain, in that order."""
    return notice_outlet(lines) or masthead_outlet(lines) or _listed_address(lines)


def _listed_address(lines: list[str]) -> str | None:
    """The outlet of the first e-mail address with a listed domain (`◎공감언론 뉴시스 hong@newsis.com`)."""
    for line in lines:
        if "@" in line:
            for domain in ADDRESS_RE.findall(line):
                outlet = outlet_for_domain(domain)
                if outlet:
                    return outlet
    return None


def source_publisher(names: tuple[str, ...]) -> str | None:
    """The outlet a source names for its documents: a listed outlet among them first, else the first name."""
    for name in names:
        for part in (name, *FEED_TITLE_SEPARATOR_RE.split(name)):
            known = known_outlet(part)
            if known:
                return known
    return next((name.strip() for name in names if name and name.strip()), None)
