"""Site chrome on scraped news pages: what is not the article.

Scraped pages (seeds 002, 003) carry ad slots, logos, share and print
buttons, breadcrumbs, photo captions and the title block printed twice; most
pages also end in a footer: the copyright notice, then lists of other
articles (`관련기사`, `많이 본 뉴스`) whose headlines would otherwise read as
this article's text and match topics it is not about. Each kind is one
pattern below; `strip_chrome` drops the matching lines, the repeats and the
article lists, ends the page at a copyright notice after the body, and keeps
the order of everything else.

    >>> strip_chrome(["광고", "제목", "• 페이스북 공유하기", "제목", "본문이다.", "ⓒ 광주일보", "꼬리"])
    ['제목', '본문이다.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from monitor.text.notices import may_hold_notice
from monitor.text.web import is_prose

BULLET = r"[•·∙●▪■□\-*]?\s*"

# Whole lines that are page furniture:
CHROME_LINE_RE = re.compile(
    rf"^{BULLET}(?:"
    r"광고|AD|advertisement"  # ad slots
    r"|로고|logo"  # the site's logo alt text
    r"|본문\s?이미지|이미지\s?확대|사진\s?확대"  # image placeholders
    r"|도배\s?방지\s?이미지"  # anti-spam captcha image under comment forms
    r"|메인\s?화면으로|홈으로|처음으로|맨\s?위로|top"  # navigation
    r"|(?:상단|본문|하단|좌측|우측|메인)\s?영역|기사\s?본문|전체\s?메뉴|(?:본문\s?)?바로\s?가기|메뉴|검색|로그인"
    r"|회원\s?가입|닫기"  # skip links and header furniture of CMS themes (`상단영역`, `기사본문`)
    r"|(?:페이스북|트위터|엑스|카카오톡|카카오스토리|네이버\s?밴드|네이버\s?블로그|밴드|라인|텔레그램|URL|링크)"
    r"\s?(?:공유하기|공유|보내기|복사)"  # share buttons
    r"|(?:페이스북|트위터|카카오톡|카카오스토리|네이버\s?밴드|URL\s?복사|이메일|링크)\s?\(으\)로\s?기사\s?보내기"
    r"|(?:SNS\s?)?기사\s?보내기|다른\s?공유\s?찾기"  # share buttons as CMS themes label them
    r"|공유하기|인쇄하기|인쇄|스크랩|기사\s?스크랩(?:하기)?|북마크|좋아요|싫어요"  # page tools
    r"|(?:본문\s?)?(?:글씨|글자|폰트)\s?(?:크게|작게|키우기|줄이기)"  # font-size buttons
    r"|(?:이메일|메일)\s?보내기|기사\s?제보|제보하기|구독하기|댓글(?:\s?\d+)?|목록|이전\s?기사|다음\s?기사"  # misc
    r"|(?:\d+\s?)?개의\s?댓글|댓글\s?(?:정렬|쓰기|달기)|내\s?댓글\s?모음|최신순|추천순|과거순"  # comment boxes
    r"|제보는\s?(?:카톡|카카오톡|이메일|메일)\s?\S+"  # a wire service's tip line (`제보는 카톡 okjebo`)
    r"|(?:본문|컨텐츠|콘텐츠)\s?(?:으)?로\s?건너뛰기|건너뛰기"  # skip links
    r"|(?:이\s?)?기사를?\s?공유(?:합니다|하세요)|원문\s?보기|페이지\s?정보|본문"  # CMS article furniture
    r"|이미지\s?확대(?:\s?보기)?|이미지\s?크게\s?보기"  # image zoom buttons
    r"|\S{1,15}\s?언론사\s?(?:이미지|로고)"  # a portal's masthead alt text (`머니투데이 언론사 이미지`)
    r")\s*$",
    re.IGNORECASE,
)
# Breadcrumbs, chrome only in the page header: below it a short bulleted line is a list item of
# the article (`• 스마트 가로등`). A short bulleted line (`• 행정 의회`), or a trail of short
# sections (`홈 > 정치 > 행정`, `HOME › 뉴스`).
CRUMB_LINE_RE = re.compile(
    r"^(?:"
    r"[•∙▪]\s*[가-힣A-Za-z·]{1,8}(?:\s+[가-힣A-Za-z·]{1,8}){0,2}"
    r"|[^<>›»＞]{1,12}(?:\s*[>›»＞]\s*[^<>›»＞]{1,12}){1,5}"
    r")\s*$"
)
# A copyright notice (`<저작권자 ⓒ 광주일보 무단전재 및 재배포 금지>`, `Copyright © …`): after the
# body it ends the article. A sentence about copyright ends in a Korean ending, a notice never.
COPYRIGHT_RE = re.compile(r"ⓒ|©|\(c\)\s*\d{4}|copyright|무단\s?(?:전재|복제|배포)|재배포\s?금지", re.IGNORECASE)
# What makes a notice the page's footer; a bare `ⓒ뉴스1` or `© 광주시` under a photo is a credit
# inside the body: dropped, but the article goes on after it.
FOOTER_NOTICE_RE = re.compile(
    r"저작권자|copyright|all\s?rights\s?reserved|무단\s?(?:전재|복제|배포)|재배포\s?금지", re.IGNORECASE
)
KOREAN_SENTENCE_END_RE = re.compile(r"[다요까죠][.!?][\"”’'」』)]*$")
COPYRIGHT_MAX_LENGTH = 120
# An item of a ranking: `1 …`, `1. …`, `①…`, `[1] …`.
RANKED_ITEM_RE = re.compile(r"^(?:\d{1,2}[.)]?\s|[①-⑳]|\[\d{1,2}\])")
# The heading of a list of other articles; the headlines under it go with it, up to the next
# line that reads as prose. A heading with a headline on its line (`▶ 관련기사: …`) is one line;
# a heading word inside a sentence (`관련기사를 보면 …`) is no heading.
ARTICLE_LIST_RE = re.compile(
    r"^[\[<【▶■]?\s*(?:"
    r"관련\s?(?:기사|뉴스)|많이\s?(?:본|읽은)\s?(?:기사|뉴스)|인기\s?(?:기사|뉴스)|주요\s?(?:기사|뉴스)"
    r"|최신\s?(?:기사|뉴스)|추천\s?(?:기사|뉴스)|실시간\s?(?:인기\s?)?(?:기사|뉴스)|포토\s?뉴스|핫\s?이슈"
    r"|오늘의\s?(?:주요\s?)?(?:기사|뉴스)|(?:이\s?)?기자의\s?다른\s?기사(?:\s?보기)?|다른\s?기사\s?보기"
    r")(?![가-힣])\s*[\]>】]?\s*[:：]?\s*(?P<rest>.*)$"
)
# Photo captions and credits:
CAPTION_LINE_RE = re.compile(
    r"^\s*(?:"
    r"[▲△▶]\s"  # caption marker before the text (`▲ 전주 한옥마을과 시내전경.`)
    r"|(?:이미지|사진)\s?확대\s"  # a photo widget flattened: zoom button, caption, `닫기`, the caption again
    # credit (`/사진=픽사베이`, `(사진=광주시 제공)`, `<사진제공=…>`, `/ 자료=국토교통부`, `[그래픽=…]`)
    r"|.*[/(<\[]\s*(?:사진|자료|그래픽|영상|이미지)\s*[=:제공]"
    r"|.*(?:사진|자료|그래픽)\s*[=:]\s*[가-힣A-Za-z]+\s*[)>\]]?\s*$"  # `사진=연합뉴스` closing the line
    r"|.*재판매\s?(?:및|와)\s?DB\s?금지"  # a wire photo's licence (`(함양군 제공. 재판매 및 DB금지)`)
    r"|.*[(\[]\s*[^()\[\]]{1,25}\s?제공\s*[)\]]\s*$"  # a photo handed out, closing it (`….(국토교통부 제공)`)
    r"|.*[.다]\s*/\s*[가-힣A-Za-z0-9]{2,10}\s*$"  # a sentence, then who took it (`…촬영하고 있다. /천안시`)
    r"|.*\s[|]\s*$"  # a caption cell closed by its bar (`… 현장 방문한 포항시 간부공무원 |`)
    r")"
)
# Cheap hints that a line may be a caption: the caption test scans the whole line.
CAPTION_HINT_RE = re.compile("사진|자료|그래픽|영상|이미지|제공|DB|확대")
CAPTION_MAX_LENGTH = 250  # captions run to two sentences; a longer line is body text
CREDIT_TAIL = 14  # a `/천안시` credit or a closing bar sits within this many characters of the end
# Anything without a letter or digit (`-----`, a lone `|`).
NO_WORD_RE = re.compile(r"^[^0-9A-Za-z가-힣]*$")
CHROME_MAX_LENGTH = 30  # furniture is short; longer lines only need the caption test
CAPTION_MARKS = ("▲", "△", "▶")
CAPTION_MIN_LENGTH = 40  # a line printed twice in a row and this long is an image caption


def is_chrome(line: str) -> bool:
    """True for a line that is site furniture, a breadcrumb or a photo caption."""
    stripped = line.strip()
    return is_furniture(stripped) or is_breadcrumb(stripped)


def is_furniture(line: str) -> bool:
    """True for a (stripped) line that is site furniture or a photo caption wherever it stands."""
    if NO_WORD_RE.match(line):
        return True
    if len(line) <= CHROME_MAX_LENGTH and CHROME_LINE_RE.match(line):
        return True
    # The caption test scans the whole line: run it only where a caption can be.
    if len(line) > CAPTION_MAX_LENGTH:
        return False  # a paragraph of the body that ends with its photo's credit (`….(사진=환경부 제공)`)
    tail = line[-CREDIT_TAIL:]
    maybe_caption = (
        line.startswith(CAPTION_MARKS) or "/" in tail or "|" in tail or CAPTION_HINT_RE.search(line) is not None
    )
    return maybe_caption and CAPTION_LINE_RE.match(line) is not None


def is_breadcrumb(line: str) -> bool:
    """True for a (stripped) line that is a breadcrumb when it stands in the page header."""
    return len(line) <= CHROME_MAX_LENGTH and CRUMB_LINE_RE.match(line) is not None


def is_copyright(line: str) -> bool:
    """True for a (stripped) copyright notice line."""
    return (
        len(line) <= COPYRIGHT_MAX_LENGTH
        and COPYRIGHT_RE.search(line) is not None
        and KOREAN_SENTENCE_END_RE.search(line) is None
    )


def strip_chrome(lines: Iterable[str]) -> list[str]:
    """The lines without chrome, captions, article lists, the footer, and repeats of lines already seen."""
    lines = list(lines)
    notices = may_hold_notice("\n".join(lines))  # most pages have none: no line is then asked
    kept: list[str] = []
    seen: set[str] = set()
    previous = None
    doubled: set[str] = set()
    in_body = False  # a line that reads as prose was kept: the header is over
    in_list = False  # under a list of other articles' headlines
    ranked: bool | None = None  # whether that list numbers its items (None before its first item)
    for line in lines:
        stripped = line.strip()
        if stripped == previous and len(stripped) >= CAPTION_MIN_LENGTH:
            # Image alt text and caption print the same sentence twice in a row.
            doubled.add(stripped)
        previous = stripped if stripped else previous
        if not stripped:
            continue
        # `is_prose` is asked only where the answer matters: it reads the line's end with a regex.
        if in_list:
            numbered = RANKED_ITEM_RE.match(stripped) is not None
            ranked = numbered if ranked is None else ranked
            # A ranking in the header (`많이 본 뉴스`, 1-10) ends at its first unnumbered line: the title.
            if not is_prose(stripped) and not (ranked and not numbered and not in_body):
                continue
            in_list = False
        if notices and is_copyright(stripped):
            if in_body and FOOTER_NOTICE_RE.search(stripped):
                break  # the footer: nothing after it is the article
            continue
        listed = ARTICLE_LIST_RE.match(stripped)
        if listed and not is_prose(stripped):
            in_list = not listed.group("rest")  # a heading alone on its line: headlines follow
            ranked = None
            continue
        if is_furniture(stripped) or (not in_body and is_breadcrumb(stripped)) or stripped in seen:
            continue
        seen.add(stripped)
        kept.append(stripped)
        in_body = in_body or is_prose(stripped)
    return [line for line in kept if line not in doubled]
