"""Bylines as wire services and regional papers print them on the web, and short web articles signed like print."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.dates import find_date
from monitor.text.metadata import (
    is_stamp_line,
    parse_lead_byline,
    parse_pdf_byline,
    parse_reporter_line,
    parse_web_byline,
)

HEADLINE = "광주시, AI 데이터센터 착공"
LEAD = "광주시는 20일 북구 첨단3지구에서 국가 AI 데이터센터 2단계 착공식을 열고 본격적인 공사에 들어갔다고 밝혔다."
SECOND = "시는 올해 국비 100억원을 포함해 모두 300억원을 투입하며, 2027년 완공을 목표로 하고 있다고 설명했다."


def _article(*paragraphs: str):
    text = "\n\n".join((HEADLINE, *paragraphs)) + "\n"
    [article] = extract_articles(RawDocument("page.txt", "page.txt", text, "h"))
    return article


@pytest.mark.parametrize(
    ("dateline", "outlet", "name"),
    [
        ("(광주=연합뉴스) 홍길동 기자 = ", "연합뉴스", "홍길동"),
        ("[광주=뉴시스]홍길동 기자 = ", "뉴시스", "홍길동"),
        ("【광주=뉴시스】홍길동 기자 = ", "뉴시스", "홍길동"),
        ("(광주=뉴스1) 홍길동 김철수 기자 = ", "뉴스1", "홍길동·김철수"),
        ("[동아경제신문=김선아 기자] ", "동아경제신문", "김선아"),
    ],
)
def test_wire_datelines_give_outlet_and_reporter(dateline: str, outlet: str, name: str) -> None:
    assert parse_lead_byline(dateline + LEAD) == (outlet, name, LEAD)


@pytest.mark.parametrize(
    ("line", "name", "domain"),
    [
        ("홍길동·김철수 기자", "홍길동·김철수", None),
        ("홍길동 김철수 기자", "홍길동·김철수", None),
        ("홍길동, 김철수 기자", "홍길동·김철수", None),
        ("홍길동 기자(hong@kwangju.co.kr)", "홍길동", "kwangju.co.kr"),
        ("홍길동 기자 (hong@kwangju.co.kr)", "홍길동", "kwangju.co.kr"),
        ("광주=홍길동 기자", "홍길동", None),
        ("기자명 홍길동 기자", "홍길동", None),  # a CMS label, not a second name
        ("홍길동 기자 다른기사 보기", "홍길동", None),
    ],
)
def test_web_bylines(line: str, name: str, domain: str | None) -> None:
    byline = parse_web_byline(line)
    assert byline is not None and (byline.name, byline.domain) == (name, domain)


def test_a_print_byline_with_its_dateline_and_two_names() -> None:
    byline = parse_pdf_byline("말했다./광주=홍길동·김철수 기자")
    assert byline is not None and (byline.before, byline.name) == ("말했다.", "홍길동·김철수")


def test_a_wire_story_ending_keeps_none_of_its_tail() -> None:
    article = _article("(광주=연합뉴스) 홍길동 기자 = " + LEAD, SECOND, "hong@yna.co.kr", "제보는 카톡 okjebo",
                       "2025/06/20 15:09 송고", "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>")
    assert (article.byline, article.outlet, article.published) == ("홍길동", "연합뉴스", date(2025, 6, 20))
    assert article.text == f"(광주=연합뉴스) 홍길동 기자 = {LEAD}\n\n{SECOND}"  # the lead keeps its dateline


def test_an_address_alone_on_the_last_line_names_the_outlet() -> None:
    article = _article(LEAD, SECOND, "홍길동 기자", "hong@kwangju.co.kr")
    assert (article.byline, article.outlet, article.text) == ("홍길동", "광주일보", f"{LEAD}\n\n{SECOND}")


@pytest.mark.parametrize("signature", ["/홍길동 기자", "/광주=홍길동 기자", "/박진표기자 lucky@kwangju.co.kr"])
def test_a_short_web_article_signed_like_print_is_not_a_newspaper_page(signature: str) -> None:
    # Four lines with a narrow median, but two are paragraph-wide: its paragraphs are not captions.
    article = _article(LEAD, SECOND, signature)
    assert article.headline == HEADLINE
    assert article.text == f"{LEAD}\n\n{SECOND}"
    assert article.byline in ("홍길동", "박진표")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/06/20 15:09 송고", date(2025, 6, 20)),
        ("기사입력 2025/06/21 [15:09] … 2025/06/20 15:09 송고", date(2025, 6, 21)),  # the first one
        ("2025/06/20 송고", None),  # a filing stamp carries its time
    ],
)
def test_filing_stamps_date_a_wire_story(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- 홍길동 기자", ("홍길동", None)),
        ("by홍길동 기자", ("홍길동", None)),
        ("가나다일보 홍길동기자", ("홍길동", "가나다일보")),  # a masthead before the name
        ("작성자 홍길동기자 댓글 0건 조회 541회", ("홍길동", None)),
        ("광주시 홍길동 기자", ("홍길동", None)),  # a place is no outlet
        ("기자회견 열고 사업 발표", None),
    ],
)
def test_reporter_lines(line: str, expected: tuple[str, str | None] | None) -> None:
    assert parse_reporter_line(line) == expected


@pytest.mark.parametrize(
    "line",
    ["김동은 기자 승인 2022.01.07 16:19 의견 0", "디지털경제입력 :2021/09/23 09:03", "2024.11.11 15:49:23",
     "• 승인 2023.01.31 17:16", "입력 | 2025-12-24 22:51"],
)
def test_stamp_lines(line: str) -> None:
    assert is_stamp_line(line)
