"""Site chrome on scraped news pages: what is not the article.

Scraped pages (seeds 002, 003) carry ad slots, logos, share and print
buttons, breadcrumbs, photo captions and the title block printed twice. Each
kind is one pattern below; `strip_chrome` drops the matching lines and the
repeats, and keeps the order of everything else.

    >>> strip_chrome(["광고", "제목", "• 페이스북 공유하기", "제목", "본문이다."])
    ['제목', '본문이다.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BULLET = r"[•·∙●▪■□\-*]?\s*"

# Whole lines that are page furniture:
CHROME_LINE_RE = re.compile(
    rf"^{BULLET}(?:"
    r"광고|AD|advertisement"  # ad slots
    r"|로고|logo"  # the site's logo alt text
    r"|본문\s?이미지|이미지\s?확대|사진\s?확대"  # image placeholders
    r"|도배\s?방지\s?이미지"  # anti-spam captcha image under comment forms
    r"|메인\s?화면으로|홈으로|처음으로|맨\s?위로|top"  # navigation
    r"|(?:페이스북|트위터|엑스|카카오톡|카카오스토리|네이버\s?밴드|네이버\s?블로그|밴드|라인|텔레그램|URL|링크)"
    r"\s?(?:공유하기|공유|보내기|복사)"  # share buttons
    r"|공유하기|인쇄하기|인쇄|스크랩|기사\s?스크랩|북마크|좋아요|싫어요"  # page tools
    r"|본문\s?글씨\s?(?:크게|작게)|글자\s?(?:크게|작게)|폰트\s?(?:크게|작게)"  # font-size buttons
    r"|(?:이메일|메일)\s?보내기|기사\s?제보|제보하기|구독하기|댓글(?:\s?\d+)?|목록|이전\s?기사|다음\s?기사"  # misc
    r")\s*$",
    re.IGNORECASE,
)
# A short bulleted line in the page header is a breadcrumb (`• 행정 의회`):
CRUMB_LINE_RE = re.compile(r"^[•∙▪]\s*[가-힣A-Za-z·]{1,8}(?:\s+[가-힣A-Za-z·]{1,8}){0,2}\s*$")
# Photo captions and credits:
CAPTION_LINE_RE = re.compile(
    r"^\s*(?:"
    r"[▲△▶]\s"  # caption marker before the text (`▲ 전주 한옥마을과 시내전경.`)
    r"|.*[/(<\[]\s*사진\s*[=:제공]"  # credit (`/사진=픽사베이`, `(사진=광주시 제공)`, `<사진제공=…>`)
    r"|.*사진\s*[=:]\s*[가-힣A-Za-z]+\s*[)>\]]?\s*$"  # `사진=연합뉴스` closing the line
    r")"
)
# Anything without a letter or digit (`-----`, a lone `|`).
NO_WORD_RE = re.compile(r"^[^0-9A-Za-z가-힣]*$")
CHROME_MAX_LENGTH = 30  # furniture is short; longer lines only need the caption test
CAPTION_MARKS = ("▲", "△", "▶")
CAPTION_MIN_LENGTH = 40  # a line printed twice in a row and this long is an image caption


def is_chrome(line: str) -> bool:
    """True for a line that is site furniture, a breadcrumb or a photo caption."""
    stripped = line.strip()
    if NO_WORD_RE.match(stripped):
        return True
    if len(stripped) <= CHROME_MAX_LENGTH and (CHROME_LINE_RE.match(stripped) or CRUMB_LINE_RE.match(stripped)):
        return True
    # The caption test scans the whole line: run it only where a caption can be.
    maybe_caption = "사진" in stripped or stripped.startswith(CAPTION_MARKS)
    return maybe_caption and CAPTION_LINE_RE.match(stripped) is not None


def strip_chrome(lines: Iterable[str]) -> list[str]:
    """The lines without chrome, captions, and repeats of lines already seen."""
    kept: list[str] = []
    seen: set[str] = set()
    previous = None
    doubled: set[str] = set()
    for line in lines:
        stripped = line.strip()
        if stripped == previous and len(stripped) >= CAPTION_MIN_LENGTH:
            # Image alt text and caption print the same sentence twice in a row.
            doubled.add(stripped)
        previous = stripped if stripped else previous
        if not stripped or is_chrome(stripped) or stripped in seen:
            continue
        seen.add(stripped)
        kept.append(stripped)
    return [line for line in kept if line not in doubled]
