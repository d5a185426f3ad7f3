"""Cutting unseen PDF pages and web pages into articles (not the seeds: the rules must generalise)."""

from __future__ import annotations

import sys
from datetime import datetime

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.layout import NOT_BIGRAM_RE, bigram_codes, split_page

PAGE = """\
 광주시 청년 창업 지원 확대

광주시는 올해 청년 창업가를 위한
지원 예산을 두 배로 늘린다고 10일
밝혔다.
시는 창업 공간 임대료와 시제품 제
작비를 최대 3,000만원까지 지원한
다.
신청은 시 홈페이지에서 받는다./김철수 기자

청년창업공간임대료지원

목포시,\ufffd갯벌생태관광코스개발

목포시는 갯벌 생태 관광 코스를 새로
개발해 다음 달부터 운영한다고 밝혔
다.
코스는 갯벌 체험장과 철새 관찰대를
잇는 5㎞ 구간이다.
시는 관광객 10만 명을 목표로 한다.
/이영희기자 lee@kwangju.co.kr

목포 갯벌 체험장에서 어린이들이 갯벌 생물을 관찰하고 있는 모습. 이번 코스는 다음 달부터 운영된다.

임대료최대3,000만원·시제품제작비지원
"""


def bigrams(text: str) -> set[str]:
    """The plain definition the integer bigrams must agree with."""
    flat = NOT_BIGRAM_RE.sub("", text.lower())
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def _doc(text: str, **extra: object) -> RawDocument:
    return RawDocument("page.txt", "page.txt", text, "0" * 64, **extra)  # type: ignore[arg-type]


def test_unseen_page_splits_on_bylines() -> None:
    articles = extract_articles(_doc(PAGE))
    # The glued headline is spaced with the words its body spells (`갯벌 생태 관광 코스를`).
    assert [a.headline for a in articles] == ["광주시 청년 창업 지원 확대", "목포시, 갯벌 생태 관광 코스 개발"]
    assert [a.byline for a in articles] == ["김철수", "이영희"]
    assert [a.outlet for a in articles] == [None, "광주일보"]
    first, second = articles
    assert first.text == (
        "광주시는 올해 청년 창업가를 위한 지원 예산을 두 배로 늘린다고 10일 밝혔다.\n\n"
        "시는 창업 공간 임대료와 시제품 제작비를 최대 3,000만원까지 지원한다.\n\n"
        "신청은 시 홈페이지에서 받는다."
    )
    # A sub-headline printed after the *next* article still goes to the one it describes.
    assert first.subheadlines == ("청년창업공간임대료지원", "임대료최대3,000만원·시제품제작비지원")
    assert second.text.startswith("목포시는 갯벌 생태 관광 코스를 새로 개발해")
    assert not any("어린이들이" in a.text for a in articles)  # the caption is not an article
    assert all(not a.spacing_restored for a in articles)


def test_page_without_bylines_is_not_split() -> None:
    lines = ["제목", "본문 첫 줄이다."]
    assert split_page(lines) == []


def test_lines_after_the_last_byline_are_never_an_article() -> None:
    page = PAGE + "\n남은 기사 조각이 여기서\n끝나지 않고 다음 면으로 넘어간다.\n"
    assert len(extract_articles(_doc(page))) == 2


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [
        ("전기굴착기구매시 1대당최대", "친환경 전기굴착기 구매", {"전기", "기굴", "굴착", "착기", "기구", "구매"}),
        ("A I·데이터", "ai 데이터", {"ai", "i데", "데이", "이터"}),
    ],
)
def test_bigrams_ignore_spaces_and_punctuation(a: str, b: str, shared: set[str]) -> None:
    assert bigrams(a) & bigrams(b) == shared


@pytest.mark.parametrize(
    "text", ["", "가", "가나", "홀수개다", "전기굴착기구매시 1대당최대", "A I·데이터 (AI) 5,000만원"]
)
def test_bigram_codes_are_the_bigrams(text: str) -> None:
    """The integer bigrams the attachment uses are the string bigrams, one for one."""
    codes = bigram_codes(text)
    assert len(codes) == len(bigrams(text))
    if sys.byteorder == "little":
        assert {chr(c & 0xFFFF) + chr(c >> 16) for c in codes} == bigrams(text)
    among = bigram_codes("굴착 데이터")
    assert bigram_codes(text, among=among) == codes & among


WEB = """\
광고
로고
메인화면으로
목포시, 갯벌 생태 관광 코스 개발
  • 페이스북 공유하기
  • 인쇄하기
  • 경제

목포시, 갯벌 생태 관광 코스 개발
다음 달부터 5㎞ 구간 운영
홍길동 기자 | 입력 : 2024.05.02 [10:00]

▲ 목포 갯벌 체험장. /사진=목포시 제공

(목포=뉴시스) 홍길동 기자 = 목포시는 갯벌 생태 관광 코스를 새로 개발해 다음 달부터 운영한다고 2일 밝혔다.

코스는 갯벌 체험장과 철새 관찰대를 잇는 5㎞ 구간이다.
  • 도배방지 이미지
"""


def test_unseen_web_page() -> None:
    (article,) = extract_articles(_doc(WEB))
    assert article.headline == "목포시, 갯벌 생태 관광 코스 개발"
    assert article.subheadlines == ("다음 달부터 5㎞ 구간 운영",)
    assert (article.byline, article.outlet, str(article.published)) == ("홍길동", "뉴시스", "2024-05-02")
    assert article.text == (  # the lead keeps its dateline, as printed
        "(목포=뉴시스) 홍길동 기자 = 목포시는 갯벌 생태 관광 코스를 새로 개발해 다음 달부터 운영한다고 2일 밝혔다.\n\n"
        "코스는 갯벌 체험장과 철새 관찰대를 잇는 5㎞ 구간이다."
    )
    assert article.sentences == tuple(article.text.split("\n\n"))


def test_feed_entry_uses_title_date_and_author() -> None:
    doc = _doc(
        "광주시는 8일 인공지능 사업에 선정됐다고 밝혔다. 사업비는 62억원이다. /박진표 기자",
        title="광주시 AI 사업 선정",
        published=datetime(2022, 5, 8, 9, 0),
        author="박진표 기자",
        feed="feed.xml",
    )
    (article,) = extract_articles(doc)
    assert article.headline == "광주시 AI 사업 선정"
    # The entry's date dates the article, marked as the feed's; `published` is only what the text shows.
    assert (str(article.dated), article.date_source, article.published) == ("2022-05-08", "feed", None)
    assert article.byline == "박진표"
    assert article.text == "광주시는 8일 인공지능 사업에 선정됐다고 밝혔다. 사업비는 62억원이다."
    assert article.summary == article.text


def test_empty_document_has_no_articles() -> None:
    assert extract_articles(_doc("\n\ufffd\n  \n")) == []
