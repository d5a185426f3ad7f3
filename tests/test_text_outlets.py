"""Outlets as the text names them, under one canonical name; the source's outlet for the digest."""

from __future__ import annotations

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.outlets import (
    canonical_outlet,
    known_outlet,
    masthead_outlet,
    notice_outlet,
    outlet_for_domain,
    source_publisher,
    text_outlet,
)

HEADLINE = "광주시, AI 데이터센터 착공"
LEAD = "광주시는 20일 북구에서 AI 데이터센터 2단계 착공식을 열고 공사에 들어갔다고 밝혔다."
SECOND = "시는 올해 국비 100억원을 포함해 모두 300억원을 투입한다고 설명했다."


def _outlet(*lines: str) -> str | None:
    [article] = extract_articles(RawDocument("page.txt", "page.txt", "\n".join(lines) + "\n", "h"))
    return article.outlet


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("News1", "뉴스1"), ("NEWS 1", "뉴스1"), ("뉴스1", "뉴스1"), ("Yonhap", "연합뉴스"), ("NEWSIS", "뉴시스"),
    ("Jeju Munhwa Broadcasting Corporation", "제주MBC"), ("경남MBC", "MBC경남"),
])
def test_spellings_fold_to_one_canonical_name(spelling: str, canonical: str) -> None:
    assert canonical_outlet(spelling) == canonical


def test_an_unlisted_outlet_is_kept_as_written_but_not_known() -> None:
    assert canonical_outlet("가나다일보") == "가나다일보"
    assert known_outlet("가나다일보") is None
    assert canonical_outlet("무단전재") is None


@pytest.mark.parametrize(("line", "outlet"), [
    ("<저작권자 ⓒ 광주일보 무단전재 및 재배포 금지>", "광주일보"),
    ("<저작권자: 보안뉴스(www.boannews.com) 무단전재-재배포금지>", "보안뉴스"),  # a colon for the mark
    ("©'세계로 가는 경제신문' 가나다경제. 무단전재·재배포 금지", "가나다경제"),  # a slogan in quotes
    ("중도일보(www.joongdo.co.kr), 무단전재 및 수집, 재배포 금지", "중도일보"),  # the name before the notice
    ("Copyright © Yeosu Munhwa Broadcasting Corporation.All rights reserved.", "여수MBC"),  # in English
    ("Copyright © Some Photo Studio. All rights reserved.", None),  # an unlisted Latin name is no outlet
])
def test_copyright_lines_name_the_outlet(line: str, outlet: str | None) -> None:
    assert notice_outlet([line]) == outlet


def test_a_footer_notice_outweighs_a_photo_credit() -> None:
    assert notice_outlet(["ⓒ News1 홍길동 디자이너", "본문이다.", "<저작권자 ⓒ 광주일보 무단전재 금지>"]) == "광주일보"
    assert notice_outlet(["ⓒ News1 홍길동 디자이너", "본문이다."]) == "뉴스1"


@pytest.mark.parametrize(("lines", "outlet"), [
    (["검색", "머니투데이 언론사 이미지", HEADLINE], "머니투데이"),
    (["정치", "파이낸셜뉴스", HEADLINE], "파이낸셜뉴스"),
    (["  • 2026.01.26 17:40", "  • 경남도민신문"], "경남도민신문"),
    (["출처 : 가나다신문"], "가나다신문"),
    (["정치", "광주시", HEADLINE], None),  # a place on its own line is no masthead
])
def test_mastheads(lines: list[str], outlet: str | None) -> None:
    assert masthead_outlet(lines) == outlet


@pytest.mark.parametrize(("dateline", "outlet"), [
    ("[더팩트ㅣ고성=홍길동 기자] ", "더팩트"),  # the place after a bar
    ("【파이낸셜뉴스 순천=홍길동 기자】", "파이낸셜뉴스"),  # the place after a space
    ("[가나다일보 홍길동 기자] ", "가나다일보"),  # no `=`: the name must look like an outlet
    ("(가나다타임즈) 홍길동 기자= ", "가나다타임즈"),
    ("순천=가나다신문 홍길동기자 ", "가나다신문"),  # unbracketed
    ("[가나다저널] ", "가나다저널"),  # the outlet alone
    ("[광주 홍길동 기자] ", None),  # a place is no outlet
    ("[사진] ", None),
    ("[포토뉴스] ", None),  # section and genre tags are no outlets
    ("[생활경제] ", None),
])
def test_datelines_and_bracket_bylines(dateline: str, outlet: str | None) -> None:
    assert _outlet(HEADLINE, dateline + LEAD, SECOND) == outlet


def test_a_dateline_after_a_photo_caption_still_names_the_outlet() -> None:
    caption = "20일 착공식에서 참석자들이 첫 삽을 뜨고 있다.(광주시 제공)"
    assert _outlet(HEADLINE, caption, "(광주=뉴스1) 홍길동 기자 = " + LEAD, SECOND) == "뉴스1"


def test_a_listed_reporters_address_anywhere_names_the_outlet() -> None:
    assert text_outlet([LEAD, "◎공감언론 뉴시스 hong@newsis.com"]) == "뉴시스"
    assert text_outlet([LEAD, "문의 hong@example.com"]) is None
    assert outlet_for_domain("mobile.newsis.com") == "뉴시스"


@pytest.mark.parametrize(("names", "publisher"), [
    (("광주일보 - 전체기사", "gwangju-feed"), "광주일보"),  # a listed outlet in the feed's title
    (("보도자료", "광주일보"), "광주일보"),  # a listed outlet among the names comes first
    (("전북도청 보도자료", "jeonbuk"), "전북도청 보도자료"),  # else the feed's title as given
    ((), None),
])
def test_the_source_names_its_outlet(names: tuple[str, ...], publisher: str | None) -> None:
    assert source_publisher(names) == publisher


def test_the_feeds_outlet_goes_on_the_article_but_not_in_outlet() -> None:
    doc = RawDocument("https://a.kr/1", "1", f"{HEADLINE}\n\n{LEAD}\n", "h", feed="feed.xml",
                      publishers=("광주일보 : 지역", "my-feed"))
    [article] = extract_articles(doc)
    assert (article.outlet, article.publisher) == (None, "광주일보")
